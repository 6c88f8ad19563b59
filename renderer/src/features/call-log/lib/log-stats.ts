/** Numbers for the call log's two charts, computed from the rows loaded on this side. */
import type { CallLogEntry } from './log-types.ts';

/** `failures`: the call reached its server (or tried to) and failed; `denied`: the gateway refused it. */
export type MinuteBucket = { start: number; calls: number; failures: number; denied: number };
export type ServerLatency = { server: string; calls: number; p50: number; p95: number };

const MINUTE = 60_000;

/** Statuses of calls the gateway refused itself: they never reached the server. */
const REFUSED: ReadonlySet<CallLogEntry['status']> = new Set(['denied', 'rate-limited']);
/** Consent answers that come from a standing grant: no one was asked, so no time was spent waiting. */
const GRANTED_WITHOUT_ASKING: ReadonlySet<string> = new Set(['session-grant', 'always-grant']);

/**
 * Whether a row's duration measures the server: not a consent record, not refused by the gateway,
 * and not a call that waited for a person to answer a consent prompt (its duration includes that).
 */
export function measuresServer(entry: CallLogEntry): boolean {
  if (entry.kind === 'consent' || REFUSED.has(entry.status)) return false;
  return !entry.consent || GRANTED_WITHOUT_ASKING.has(entry.consent.answer);
}

/** Calls per minute for the last `minutes` minutes, oldest first; the last bucket is the current minute. */
export function callsPerMinute(
  entries: readonly CallLogEntry[],
  now: number,
  minutes = 30,
): MinuteBucket[] {
  const current = Math.floor(now / MINUTE) * MINUTE;
  const first = current - (minutes - 1) * MINUTE;
  const buckets: MinuteBucket[] = Array.from({ length: minutes }, (_, index) => ({
    start: first + index * MINUTE,
    calls: 0,
    failures: 0,
    denied: 0,
  }));
  for (const entry of entries) {
    if (entry.kind === 'consent') continue;
    const index = Math.floor((entry.time - first) / MINUTE);
    const bucket = buckets[index];
    if (!bucket) continue;
    bucket.calls += 1;
    if (REFUSED.has(entry.status)) bucket.denied += 1;
    else if (entry.status !== 'ok') bucket.failures += 1;
  }
  return buckets;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

export function latencyByServer(entries: readonly CallLogEntry[]): ServerLatency[] {
  const durations = new Map<string, number[]>();
  for (const entry of entries) {
    if (!measuresServer(entry)) continue;
    const list = durations.get(entry.server) ?? [];
    list.push(entry.durationMs);
    durations.set(entry.server, list);
  }
  return [...durations]
    .map(([server, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return {
        server,
        calls: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
      };
    })
    .sort((a, b) => a.server.localeCompare(b.server));
}
