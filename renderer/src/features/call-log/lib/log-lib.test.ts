import { describe, expect, it } from 'vitest';
import { logEntry, logId } from '../../../test-support/fixtures.ts';
import { csvField, formatEntries } from './log-export.ts';
import { callsPerMinute, latencyByServer, percentile } from './log-stats.ts';

describe('call log export', () => {
  it('writes JSON Lines oldest first', () => {
    const entries = [logEntry({ id: logId(2) }), logEntry({ id: logId(1) })];
    const lines = formatEntries(entries, 'jsonl')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    expect(lines.map((line) => line.id)).toEqual([logId(1), logId(2)]);
  });

  it('writes CSV with the engine columns and RFC 4180 quoting', () => {
    const csv = formatEntries(
      [
        logEntry({
          id: logId(1),
          time: 0,
          resultSummary: 'a "quoted", value',
          consent: { decision: 'allow', answer: 'once', decidedBy: 'user' },
        }),
      ],
      'csv',
    );
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(
      'id,time,clientId,clientName,profile,sessionId,server,kind,name,arguments,resultSize,resultSummary,durationMs,status,error,consentDecision,consentAnswer,consentDecidedBy',
    );
    expect(row).toContain('1970-01-01T00:00:00.000Z');
    expect(row).toContain('"a ""quoted"", value"');
    expect(row).toMatch(/,allow,once,user$/);
    expect(csvField('plain')).toBe('plain');
  });
});

describe('call log charts', () => {
  it('counts calls and failures per minute, ignoring consent records', () => {
    const now = 10 * 60_000 + 30_000;
    const buckets = callsPerMinute(
      [
        logEntry({ time: now - 1000 }),
        logEntry({ time: now - 2000, status: 'error' }),
        logEntry({ time: now - 61_000 }),
        logEntry({ time: now - 1000, kind: 'consent' }),
        logEntry({ time: now - 3_600_000 }),
      ],
      now,
      5,
    );
    expect(buckets.map((bucket) => [bucket.calls, bucket.failures])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 0],
      [2, 1],
    ]);
  });

  it('computes nearest-rank p50 and p95 per server', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([], 95)).toBe(0);
    const durations = Array.from({ length: 100 }, (_, index) =>
      logEntry({ server: 'a', durationMs: index + 1 }),
    );
    expect(latencyByServer([...durations, logEntry({ server: 'b', durationMs: 7 })])).toEqual([
      { server: 'a', calls: 100, p50: 50, p95: 95 },
      { server: 'b', calls: 1, p50: 7, p95: 7 },
    ]);
  });

  it('times only what reached the server, and counts refusals apart from failures', () => {
    const entries = [
      logEntry({ server: 'a', durationMs: 10 }),
      logEntry({ server: 'a', durationMs: 9000, status: 'denied' }),
      logEntry({ server: 'a', durationMs: 5, status: 'rate-limited' }),
      logEntry({
        server: 'a',
        durationMs: 30_000,
        consent: { decision: 'allow', answer: 'once', decidedBy: 'user' },
      }),
      logEntry({
        server: 'a',
        durationMs: 20,
        consent: { decision: 'allow', answer: 'always-grant', decidedBy: 'user' },
      }),
    ];
    expect(latencyByServer(entries)).toEqual([{ server: 'a', calls: 2, p50: 10, p95: 20 }]);
    const [bucket] = callsPerMinute(
      entries.map((entry) => ({ ...entry, time: 0 })),
      0,
      1,
    );
    expect(bucket).toMatchObject({ calls: 5, failures: 0, denied: 2 });
  });
});
