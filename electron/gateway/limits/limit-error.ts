/**
 * The JSON-RPC error a call refused by a limit gets. An McpError, because the routers pass
 * those through with their code and data intact (see upstream/wire-error.ts).
 */
import { McpError } from '@modelcontextprotocol/sdk/types.js';

/** In the implementation-defined -32000..-32099 range; "29" as in HTTP 429. */
export const LIMIT_ERROR_CODE = -32029;

export type LimitKind = 'client' | 'client-tool' | 'server-concurrency';
export type LimitErrorData = { limit: LimitKind; retryAfterMs: number };

const WHAT: Record<LimitKind, string> = {
  client: 'Rate limit for this client exceeded',
  'client-tool': 'Rate limit for this tool exceeded',
  'server-concurrency': 'Too many calls in flight or waiting for this server',
};

function inWords(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/** `detail` (e.g. the server or tool name) is added to the message only. */
export function limitError(kind: LimitKind, retryAfterMs: number, detail?: string): McpError {
  const wait = Math.max(0, Math.ceil(retryAfterMs));
  const data: LimitErrorData = { limit: kind, retryAfterMs: wait };
  const about = detail ? ` (${detail})` : '';
  return new McpError(
    LIMIT_ERROR_CODE,
    `${WHAT[kind]}${about} [limit: ${kind}]: retry after ${inWords(wait)}`,
    data,
  );
}
