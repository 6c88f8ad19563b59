/**
 * `GET /api/log/export?format=jsonl|csv&<filters>`: every call log entry matching the filters
 * (not one page), oldest first, streamed as a download. Filters are those of `log:query`
 * (`client`, `server`, `tool`, `kind`, `status` — repeated or comma-separated —, `since`,
 * `until` in ms since the epoch, `text`), checked with the same schema; paging does not apply.
 */
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { CallLogQuerySchema, type CallLogQueryInput } from '../../../shared/call-log.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../audit/call-log-export.ts';
import { describeZodError } from './api-errors.ts';

/** What the route needs of the call log. */
export type LogExporter = {
  export(format: ExportFormat, query: CallLogQueryInput, out: Writable): Promise<number>;
};

const STRING_FILTERS = ['client', 'server', 'tool', 'kind', 'text'] as const;
const NUMBER_FILTERS = ['since', 'until'] as const;
const KNOWN = new Set<string>(['format', 'status', ...STRING_FILTERS, ...NUMBER_FILTERS]);

const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export type ExportRequest =
  { ok: true; format: ExportFormat; query: CallLogQueryInput } | { ok: false; message: string };

function isFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The format and filters of an export URL, or what is wrong with them (naming the parameter). */
export function parseExportRequest(params: URLSearchParams): ExportRequest {
  const unknown = [...new Set(params.keys())].filter((key) => !KNOWN.has(key));
  if (unknown.length > 0)
    return {
      ok: false,
      message: `${unknown[0]}: unknown filter (use ${[...KNOWN].join(', ')})`,
    };
  const format = params.get('format') ?? 'jsonl';
  if (!isFormat(format))
    return { ok: false, message: `format: use ${EXPORT_FORMATS.join(' or ')}, not "${format}"` };
  const raw: Record<string, unknown> = {};
  for (const key of STRING_FILTERS) {
    const value = params.get(key);
    if (value !== null && value !== '') raw[key] = value;
  }
  for (const key of NUMBER_FILTERS) {
    const value = params.get(key);
    // Not a number stays a string, so the schema names the filter in its complaint.
    if (value !== null && value !== '') raw[key] = /^\d+$/.test(value) ? Number(value) : value;
  }
  const statuses = params
    .getAll('status')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (statuses.length > 0) raw.status = statuses;
  const parsed = CallLogQuerySchema.omit({ cursor: true, limit: true }).safeParse(raw);
  if (!parsed.success) return { ok: false, message: describeZodError(parsed.error) };
  return { ok: true, format, query: parsed.data };
}

export function exportFileName(format: ExportFormat, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 19).replaceAll(':', '-');
  return `switchboard-calls-${stamp}.${format}`;
}

/** Streams the export; headers are sent first, so a failure midway ends the download early. */
export async function sendLogExport(
  res: ServerResponse,
  request: Extract<ExportRequest, { ok: true }>,
  log: LogExporter,
): Promise<void> {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[request.format],
    'content-disposition': `attachment; filename="${exportFileName(request.format, Date.now())}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    await log.export(request.format, request.query, res);
    res.end();
  } catch {
    // The reader went away, or the log failed mid-stream: a cut-off download says so.
    res.destroy();
  }
}
