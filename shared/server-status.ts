/**
 * Types every part of Switchboard shares about an upstream server's life. Plain data only:
 * no Node, Electron or React imports (a test enforces this).
 */
import { z } from 'zod';

/** The five states of one upstream connection. */
export const CONNECTION_STATES = ['stopped', 'starting', 'running', 'backoff', 'failed'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export const ConnectionStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('stopped') }),
  z.object({ state: z.literal('starting'), attempt: z.number().int().nonnegative() }),
  z.object({ state: z.literal('running'), since: z.number(), pid: z.number().int().optional() }),
  z.object({
    state: z.literal('backoff'),
    attempt: z.number().int().positive(),
    retryAt: z.number(),
    lastError: z.string(),
  }),
  z.object({ state: z.literal('failed'), error: z.string() }),
]);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

export const ISOLATION_MODES = ['per-session', 'per-client', 'shared'] as const;
export const IsolationModeSchema = z.enum(ISOLATION_MODES);
export type IsolationMode = z.infer<typeof IsolationModeSchema>;

/** What the gateway reports about one configured server. */
export const ServerSummarySchema = z.object({
  name: z.string(),
  transport: z.enum(['stdio', 'http', 'sse']),
  status: ConnectionStatusSchema,
  isolation: IsolationModeSchema,
  lazy: z.boolean(),
  toolCount: z.number().int().nonnegative(),
  promptCount: z.number().int().nonnegative(),
  resourceCount: z.number().int().nonnegative(),
  restarts: z.number().int().nonnegative(),
  sessionConnections: z.number().int().nonnegative(),
  stderrTail: z.array(z.string()),
});
export type ServerSummary = z.infer<typeof ServerSummarySchema>;

/** How long a server's read-only tool results are kept per client (settings `resultCacheSeconds`). */
export const ResultCacheSecondsSchema = z.number().int().min(1).max(86_400);
