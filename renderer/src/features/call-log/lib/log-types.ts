/** Call log types, derived from the contract. */
import type { EventPayload, MethodParams } from '../../../api/engine-api.ts';

export type CallLogEntry = EventPayload<'log:appended'>;
export type CallStatus = CallLogEntry['status'];
export type CallLogQuery = MethodParams<'log:query'>;

export const TIME_RANGES = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 60 * 60_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000 },
  all: { label: 'All time', ms: undefined },
} as const satisfies Record<string, { label: string; ms: number | undefined }>;
export type TimeRange = keyof typeof TIME_RANGES;

/** What the filter bar holds; empty strings mean "any". */
export type LogFilters = {
  client: string;
  server: string;
  tool: string;
  status: CallStatus | '';
  range: TimeRange;
  text: string;
};

export const EMPTY_FILTERS: LogFilters = {
  client: '',
  server: '',
  tool: '',
  status: '',
  range: 'all',
  text: '',
};

export const STATUS_LABELS: Record<CallStatus, string> = {
  ok: 'OK',
  error: 'Error',
  denied: 'Denied',
  'rate-limited': 'Rate limited',
  cancelled: 'Cancelled',
  timeout: 'Timed out',
};

export const STATUSES = Object.keys(STATUS_LABELS) as CallStatus[];
