/**
 * Exports as JSON Lines or CSV: in a browser, a link to the gateway's `/api/log/export` with
 * the current filters (every matching row); in the desktop app (no HTTP), the rows loaded on
 * this side, with the same columns as `switchboard log export` (RFC 4180, `time` in ISO 8601).
 */
import { toQuery } from './log-filters.ts';
import type { CallLogEntry, LogFilters } from './log-types.ts';

export type ExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS: Record<string, (entry: CallLogEntry) => string> = {
  id: (entry) => entry.id,
  time: (entry) => new Date(entry.time).toISOString(),
  clientId: (entry) => entry.clientId,
  clientName: (entry) => entry.clientName,
  profile: (entry) => entry.profile,
  sessionId: (entry) => entry.sessionId,
  server: (entry) => entry.server,
  kind: (entry) => entry.kind,
  name: (entry) => entry.name,
  arguments: (entry) => JSON.stringify(entry.arguments),
  resultSize: (entry) => String(entry.resultSize),
  resultSummary: (entry) => entry.resultSummary,
  durationMs: (entry) => String(entry.durationMs),
  status: (entry) => entry.status,
  error: (entry) => entry.error ?? '',
  consentDecision: (entry) => entry.consent?.decision ?? '',
  consentAnswer: (entry) => entry.consent?.answer ?? '',
  consentDecidedBy: (entry) => entry.consent?.decidedBy ?? '',
};

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** Oldest first, like the engine's export. */
export function formatEntries(entries: readonly CallLogEntry[], format: ExportFormat): string {
  const ordered = entries.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (format === 'jsonl') return ordered.map((entry) => `${JSON.stringify(entry)}\n`).join('');
  const columns = Object.entries(CSV_COLUMNS);
  return (
    csvRow(columns.map(([name]) => name)) +
    ordered.map((entry) => csvRow(columns.map(([, read]) => read(entry)))).join('')
  );
}

export const EXPORT_PATH = '/api/log/export';

/** The gateway's export of every entry matching `filters` (relative: the page's own origin). */
export function exportHref(filters: LogFilters, format: ExportFormat, now: number): string {
  const { limit: _limit, cursor: _cursor, ...query } = toQuery(filters, now, 1);
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.set(key, String(value));
  return `${EXPORT_PATH}?${params.toString()}`;
}

export function exportFileName(format: ExportFormat, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 19).replaceAll(':', '-');
  return `switchboard-calls-${stamp}.${format}`;
}
