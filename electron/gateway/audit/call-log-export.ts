/**
 * Writes call log entries as JSON Lines or CSV (RFC 4180), honouring backpressure so an export
 * of the whole log never sits in memory. Shared by `CallLog.export` and `switchboard log export`.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { CallLogEntry } from '../../../shared/call-log.ts';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** CSV columns: the entry's fields, with `consent` spread over three and `time` in ISO 8601. */
export const CSV_COLUMNS = [
  'id',
  'time',
  'clientId',
  'clientName',
  'profile',
  'sessionId',
  'server',
  'kind',
  'name',
  'arguments',
  'resultSize',
  'resultSummary',
  'durationMs',
  'status',
  'error',
  'consentDecision',
  'consentAnswer',
  'consentDecidedBy',
  'cached',
  'recipeRun',
] as const;

/** Quotes a field when it holds a comma, quote or line break; quotes inside are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvFields(entry: CallLogEntry): string[] {
  const byColumn: Record<(typeof CSV_COLUMNS)[number], string> = {
    id: entry.id,
    time: new Date(entry.time).toISOString(),
    clientId: entry.clientId,
    clientName: entry.clientName,
    profile: entry.profile,
    sessionId: entry.sessionId,
    server: entry.server,
    kind: entry.kind,
    name: entry.name,
    arguments: JSON.stringify(entry.arguments),
    resultSize: String(entry.resultSize),
    resultSummary: entry.resultSummary,
    durationMs: String(entry.durationMs),
    status: entry.status,
    error: entry.error ?? '',
    consentDecision: entry.consent?.decision ?? '',
    consentAnswer: entry.consent?.answer ?? '',
    consentDecidedBy: entry.consent?.decidedBy ?? '',
    cached: entry.cached ? 'true' : '',
    recipeRun: entry.recipeRun ?? '',
  };
  return CSV_COLUMNS.map((column) => byColumn[column]);
}

export function formatEntry(entry: CallLogEntry, format: ExportFormat): string {
  return format === 'jsonl' ? `${JSON.stringify(entry)}\n` : csvRow(csvFields(entry));
}

/** Resolves on 'drain'; rejects when the output closes first (a reader that went away). */
async function drained(out: Writable): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: stop.signal }),
      once(out, 'close', { signal: stop.signal }).then(() => {
        throw new Error('the export was closed before it finished');
      }),
    ]);
  } finally {
    stop.abort();
  }
}

/** Writes a CSV header (when CSV) and every entry; resolves with the number of entries. */
export async function writeEntries(
  entries: Iterable<CallLogEntry>,
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  const write = async (chunk: string) => {
    if (out.destroyed) throw new Error('the export was closed before it finished');
    if (!out.write(chunk)) await drained(out);
  };
  if (format === 'csv') await write(csvRow(CSV_COLUMNS));
  let count = 0;
  for (const entry of entries) {
    await write(formatEntry(entry, format));
    count += 1;
  }
  return count;
}
