/**
 * The audited call log as every side of the app sees it: one entry per tool call, prompt get,
 * resource read or consent decision that went through the gateway. Plain data only: no Node,
 * Electron or React imports (a test enforces this).
 */
import { z } from 'zod';

export const CALL_KINDS = ['tools/call', 'prompts/get', 'resources/read', 'consent'] as const;
export const CallKindSchema = z.enum(CALL_KINDS);
export type CallKind = z.infer<typeof CallKindSchema>;

export const CALL_STATUSES = [
  'ok',
  'error',
  'denied',
  'rate-limited',
  'cancelled',
  'timeout',
] as const;
export const CallStatusSchema = z.enum(CALL_STATUSES);
export type CallStatus = z.infer<typeof CallStatusSchema>;

/** Longest result summary we keep; the full result is never stored. */
export const SUMMARY_MAX_CHARS = 200;

/** How a consent prompt was answered (kind "consent", or a call that needed consent). */
export const ConsentRecordSchema = z.object({
  decision: z.enum(['allow', 'deny']),
  /** What was answered, e.g. "once", "session", "always", "timeout". */
  answer: z.string(),
  /** Who answered, e.g. "user", "policy", "timeout". */
  decidedBy: z.string(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

export const CallLogEntrySchema = z.object({
  /** Fixed-width and increasing: sorting ids as strings sorts entries by when they were logged. */
  id: z.string().min(1),
  /** When the entry was logged (the call's completion), ms since the epoch. */
  time: z.number().int().nonnegative(),
  clientId: z.string(),
  clientName: z.string(),
  profile: z.string(),
  sessionId: z.string(),
  server: z.string(),
  kind: CallKindSchema,
  /** Tool or prompt name (as the server knows it), or the resource URI. */
  name: z.string(),
  /** The call's arguments, already redacted. */
  arguments: z.json(),
  /** Bytes of the result as JSON. */
  resultSize: z.number().int().nonnegative(),
  resultSummary: z.string().max(SUMMARY_MAX_CHARS),
  durationMs: z.number().nonnegative(),
  status: CallStatusSchema,
  error: z.string().optional(),
  consent: ConsentRecordSchema.optional(),
  /** The result came from the gateway's result cache; the server was not called. */
  cached: z.literal(true).optional(),
  /** The recipe run this entry belongs to: the recipe's own call (server "recipe") and its steps. */
  recipeRun: z.string().optional(),
});
export type CallLogEntry = z.infer<typeof CallLogEntrySchema>;

export const CallLogQuerySchema = z.object({
  /** Matches the client id or the client name. */
  client: z.string().optional(),
  server: z.string().optional(),
  /** Exact tool or prompt name, or resource URI. */
  tool: z.string().optional(),
  kind: CallKindSchema.optional(),
  status: z.union([CallStatusSchema, z.array(CallStatusSchema)]).optional(),
  /** Inclusive lower bound on `time` (ms epoch). */
  since: z.number().int().nonnegative().optional(),
  /** Exclusive upper bound on `time` (ms epoch). */
  until: z.number().int().nonnegative().optional(),
  /** Case-insensitive substring of the name, arguments, summary or error. */
  text: z.string().optional(),
  /** `nextCursor` of the previous page. */
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
/** A query as callers write it (limit optional). */
export type CallLogQueryInput = z.input<typeof CallLogQuerySchema>;
export type CallLogQuery = z.infer<typeof CallLogQuerySchema>;

/** One page, newest first; `nextCursor` is there when older entries match too. */
export const CallLogPageSchema = z.object({
  entries: z.array(CallLogEntrySchema),
  nextCursor: z.string().optional(),
});
export type CallLogPage = z.infer<typeof CallLogPageSchema>;
