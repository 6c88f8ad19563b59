import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallLogEntrySchema, type CallLogEntry } from '../../shared/call-log.ts';
import {
  CallIdGenerator,
  CallLog,
  type CallRecord,
} from '../../electron/gateway/audit/call-log.ts';
import { CallLogStore } from '../../electron/gateway/audit/call-log-store.ts';
import { CSV_COLUMNS } from '../../electron/gateway/audit/call-log-export.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { callRecord } from '../helpers/call-records.ts';

const SECRET = 'ghp_SuperSecretValue12345';

const call = (i: number, overrides: Partial<CallRecord> = {}): CallRecord =>
  callRecord(i, { resultSize: 10, ...overrides });

/** Collects what is written, as the CLI's stdout would see it. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 64, // small, so the export has to wait for "drain"
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

const dirs: string[] = [];
const logs: CallLog[] = [];
function open(options: ConstructorParameters<typeof CallLog>[0]['options'] = {}): CallLog {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-calllog-'));
  dirs.push(dataDir);
  const log = new CallLog({ dataDir, options, secretValues: () => [SECRET] });
  logs.push(log);
  return log;
}
const onDisk = (log: CallLog) => {
  const reader = new CallLogStore(log.file, { readonly: true });
  try {
    return reader.count();
  } finally {
    reader.close();
  }
};
afterEach(() => logs.splice(0).forEach((log) => log.close()));

describe('CallLog', () => {
  it('records synchronously: id, time and subscribers now, the write later', () => {
    const log = open({ flushIntervalMs: 60_000 });
    const seen: CallLogEntry[] = [];
    const unsubscribe = log.subscribe((entry) => seen.push(entry));
    const entry = log.record(call(1, { arguments: { path: '/a', token: 'x' } }));
    expect(CallLogEntrySchema.parse(entry)).toEqual(entry);
    expect(entry.arguments).toEqual({ path: '/a', token: '[redacted]' });
    expect(log.redact({ note: `x ${SECRET}` })).toEqual({ note: 'x [redacted]' });
    expect(seen).toEqual([entry]);
    expect(onDisk(log)).toBe(0);
    log.flush();
    expect(onDisk(log)).toBe(1);
    unsubscribe();
    log.record(call(2));
    expect(seen).toHaveLength(1);
  });

  it('a throwing subscriber does not break recording', () => {
    const log = open();
    log.subscribe(() => {
      throw new Error('listener bug');
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => log.record(call(1))).not.toThrow();
    expect(errors).toHaveBeenCalledWith('call log: listener bug');
    errors.mockRestore();
  });

  it('flushes on its timer, and right away (next tick) once a batch is full', async () => {
    const timed = open({ flushIntervalMs: 10 });
    timed.record(call(1));
    await vi.waitFor(() => expect(onDisk(timed)).toBe(1));

    const batched = open({ flushIntervalMs: 60_000, flushBatchSize: 50 });
    for (let i = 0; i < 49; i++) batched.record(call(i));
    await new Promise(setImmediate);
    expect(onDisk(batched)).toBe(0);
    batched.record(call(49));
    await new Promise(setImmediate);
    expect(onDisk(batched)).toBe(50);
  });

  it('close writes everything still queued; a new log continues the ids', () => {
    const log = open({ flushIntervalMs: 60_000, flushBatchSize: 10_000 });
    const recorded = Array.from({ length: 2500 }, (_, i) => log.record(call(i)));
    log.close();
    const ids = recorded.map((entry) => entry.id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);

    const again = new CallLog({ dataDir: dirs.at(-1)!, options: {} });
    logs.push(again);
    expect(onDisk(again)).toBe(2500);
    expect(again.record(call(0)).id > ids.at(-1)!).toBe(true);
  });

  it('ids never go back, even when the clock does', () => {
    const ids = new CallIdGenerator('0000000003e80005');
    const next = [ids.next(500), ids.next(2000), ids.next(1999)];
    expect(next).toEqual(['0000000003e80006', '0000000007d00000', '0000000007d00001']);
  });

  it('answers queries including entries not yet written', () => {
    const log = open({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 5; i++) log.record(call(i));
    const page = log.query({ server: 'fs', limit: 2 });
    expect(page.entries.map((e) => e.arguments)).toEqual([
      { path: '/notes/4.md' },
      { path: '/notes/2.md' },
    ]);
    expect(log.query({ server: 'fs', cursor: page.nextCursor! }).entries).toHaveLength(1);
    expect(log.after(page.entries[0]!.id)).toEqual([]);
  });

  it('applies retention from its options', () => {
    const log = open({ maxRows: 3 });
    for (let i = 0; i < 5; i++) log.record(call(i));
    expect(log.retain()).toBe(2);
    expect(log.retain(Date.now() + 31 * 24 * 3_600_000)).toBe(3);
    expect(onDisk(log)).toBe(0);
  });

  const tricky = (log: CallLog) => [
    log.record(call(1, { resultSummary: 'a, "quoted" value\nwith a line break' })),
    log.record(
      call(2, { arguments: { q: 'x,y', nested: [1, { z: '"' }] }, error: 'bad\r\nthing' }),
    ),
    log.record(
      call(3, {
        kind: 'consent',
        status: 'denied',
        consent: { decision: 'deny', answer: 'once', decidedBy: 'user' },
      }),
    ),
    log.record(call(4, { name: 'ünïcödé ✓', arguments: undefined })),
  ];

  it('exports JSON Lines that parse back to the same entries, oldest first', async () => {
    const log = open();
    const entries = tricky(log);
    const out = collector();
    expect(await log.export('jsonl', {}, out.stream)).toBe(4);
    const lines = out.text().trimEnd().split('\n');
    expect(lines.map((line) => CallLogEntrySchema.parse(JSON.parse(line)))).toEqual(entries);

    const filtered = collector();
    expect(await log.export('jsonl', { server: 'fs', limit: 1 }, filtered.stream)).toBe(2);
  });

  it('exports CSV that parses back to the same entries', async () => {
    const log = open();
    const entries = tricky(log);
    const out = collector();
    await log.export('csv', {}, out.stream);
    const [header, ...rows] = parseCsv(out.text());
    expect(header).toEqual([...CSV_COLUMNS]);
    const back = rows.map((row) => {
      const f = Object.fromEntries(header!.map((column, i) => [column, row[i]!]));
      return CallLogEntrySchema.parse({
        ...f,
        time: Date.parse(f.time!),
        arguments: JSON.parse(f.arguments!),
        resultSize: Number(f.resultSize),
        durationMs: Number(f.durationMs),
        error: f.error || undefined,
        consent: f.consentDecision
          ? { decision: f.consentDecision, answer: f.consentAnswer, decidedBy: f.consentDecidedBy }
          : undefined,
        cached: f.cached === 'true' ? true : undefined,
        recipeRun: f.recipeRun || undefined,
      });
    });
    expect(back).toEqual(entries);
  });

  it('never writes a known secret value to any file in the data dir', () => {
    const log = open({ flushIntervalMs: 60_000 });
    log.record(
      call(1, {
        name: `search ${SECRET}`,
        arguments: { query: `use ${SECRET} please`, list: [[SECRET]], apiKey: 'other-key-1' },
        result: { content: [{ type: 'text', text: `echo: ${SECRET}` }] },
        error: `upstream said ${SECRET}`,
      }),
    );
    log.record(
      call(2, { resultSummary: `summary ${SECRET}`, arguments: { marker: 'VISIBLE-MARK' } }),
    );
    const leaks = () => {
      log.flush();
      const files = readdirSync(dirs.at(-1)!);
      const bytes = files.map((name) => readFileSync(join(dirs.at(-1)!, name)));
      return {
        files: files.length,
        marker: bytes.some((b) => b.includes('VISIBLE-MARK')), // proves we read the data
        secret: bytes.some((b) => b.includes(SECRET) || b.includes('other-key-1')),
      };
    };
    // While open the entries live in the WAL; after close they are checkpointed into the DB.
    expect(leaks()).toEqual({ files: 3, marker: true, secret: false });
    log.close();
    expect(leaks()).toMatchObject({ marker: true, secret: false });
  });
});

describe('recording from the request path', () => {
  it('does the redaction after the current turn, and flush or close catch up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-deferred-'));
    const log = new CallLog({ dataDir, secretValues: () => [SECRET] });
    const seen: CallLogEntry[] = [];
    log.subscribe((entry) => seen.push(entry));
    log.recordDeferred(call(1, { arguments: { token: 'x', note: `uses ${SECRET}` } }));
    expect(seen).toHaveLength(0); // nothing done yet on the caller's turn
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.arguments).toEqual({ token: '[redacted]', note: 'uses [redacted]' });

    log.recordDeferred(call(2));
    expect(log.query({}).entries.map((entry) => entry.resultSummary)).toEqual(['ok 2', 'ok 1']);
    log.recordDeferred(call(3));
    log.close();
    const reopened = new CallLog({ dataDir });
    expect(reopened.query({}).entries).toHaveLength(3);
    reopened.close();
  });
});
