/**
 * Filters as a `log:query`, and the same test applied on this side to entries that arrive
 * live, so the table shows what a fresh query would.
 */
import type { CallLogEntry, CallLogQuery, LogFilters } from './log-types.ts';
import { TIME_RANGES } from './log-types.ts';

export function sinceFor(filters: LogFilters, now: number): number | undefined {
  const ms = TIME_RANGES[filters.range].ms;
  return ms === undefined ? undefined : Math.max(0, now - ms);
}

export function toQuery(
  filters: LogFilters,
  now: number,
  limit: number,
  cursor?: string,
): CallLogQuery {
  const since = sinceFor(filters, now);
  const text = filters.text.trim();
  return {
    limit,
    ...(filters.client ? { client: filters.client } : {}),
    ...(filters.server ? { server: filters.server } : {}),
    ...(filters.tool.trim() ? { tool: filters.tool.trim() } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(text ? { text } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** Whether an entry belongs in the table under these filters (same rules as the engine). */
export function matchesFilters(
  entry: CallLogEntry,
  filters: LogFilters,
  since: number | undefined,
): boolean {
  if (filters.client && entry.clientId !== filters.client && entry.clientName !== filters.client)
    return false;
  if (filters.server && entry.server !== filters.server) return false;
  if (filters.tool.trim() && entry.name !== filters.tool.trim()) return false;
  if (filters.status && entry.status !== filters.status) return false;
  if (since !== undefined && entry.time < since) return false;
  const text = filters.text.trim().toLowerCase();
  if (text) {
    const haystack = [
      entry.name,
      JSON.stringify(entry.arguments),
      entry.resultSummary,
      entry.error ?? '',
    ]
      .join('\n')
      .toLowerCase();
    if (!haystack.includes(text)) return false;
  }
  return true;
}

export function activeFilterCount(filters: LogFilters): number {
  return (
    [
      filters.client,
      filters.server,
      filters.tool.trim(),
      filters.status,
      filters.text.trim(),
    ].filter(Boolean).length + (filters.range === 'all' ? 0 : 1)
  );
}
