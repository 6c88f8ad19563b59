import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallLogEntry } from '../../shared/call-log.ts';
import { DatabaseSync } from 'node:sqlite';
import { CALL_LOG_FILE, CallLogStore } from '../../electron/gateway/audit/call-log-store.ts';

const T0 = Date.UTC(2026, 0, 1);

/** Entry i: ids and times increase with i; the other fields cycle so every filter selects some. */
function entry(i: number, overrides: Partial<CallLogEntry> = {}): CallLogEntry {
  return {
    id: i.toString(16).padStart(16, '0'),
    time: T0 + i * 1000,
    clientId: `client-${i % 2}`,
    clientName: i % 2 ? 'Cursor' : 'Claude',
    profile: 'default',
    sessionId: `session-${i % 3}`,
    server: i % 3 === 0 ? 'fs' : 'memory',
    kind: 'tools/call',
    name: i % 3 === 0 ? 'read_file' : 'create_entities',
    arguments: { path: `/notes/${i}.md` },
    resultSize: i * 10,
    resultSummary: `result ${i}`,
    durationMs: i,
    status: i % 4 === 3 ? 'error' : 'ok',
    ...(i % 4 === 3 ? { error: `boom ${i}` } : {}),
    ...overrides,
  };
}

describe('call log store (SQLite)', () => {
  let store: CallLogStore;
  beforeEach(() => {
    store = CallLogStore.open(mkdtempSync(join(tmpdir(), 'switchboard-log-')));
  });
  afterEach(() => store.close());

  const ids = (entries: CallLogEntry[]) => entries.map((e) => parseInt(e.id, 16));

  it('stores entries and gives them back intact, newest first', () => {
    const consent = entry(1, {
      kind: 'consent',
      status: 'denied',
      arguments: null,
      consent: { decision: 'deny', answer: 'once', decidedBy: 'user' },
    });
    store.append([entry(0), consent]);
    expect(store.query({}).entries).toEqual([consent, entry(0)]);
    expect(store.lastId()).toBe(consent.id);
  });

  it('appends a batch in one transaction: a bad entry rolls back the whole batch', () => {
    store.append([entry(0)]);
    expect(() => store.append([entry(1), entry(2), entry(0)])).toThrow(/UNIQUE/);
    expect(store.count()).toBe(1);
    store.append(Array.from({ length: 2000 }, (_, i) => entry(i + 1)));
    expect(store.count()).toBe(2001);
  });

  describe('filters', () => {
    beforeEach(() => store.append(Array.from({ length: 12 }, (_, i) => entry(i))));
    const all = (query: Parameters<CallLogStore['query']>[0]) =>
      ids(store.query({ ...query, limit: 1000 }).entries);

    it('by client id or name, server, tool, kind and status', () => {
      expect(all({ client: 'client-1' })).toEqual([11, 9, 7, 5, 3, 1]);
      expect(all({ client: 'Claude' })).toEqual([10, 8, 6, 4, 2, 0]);
      expect(all({ server: 'fs' })).toEqual([9, 6, 3, 0]);
      expect(all({ tool: 'read_file', client: 'Claude' })).toEqual([6, 0]);
      expect(all({ status: 'error' })).toEqual([11, 7, 3]);
      expect(all({ status: ['error', 'ok'] })).toHaveLength(12);
      expect(all({ kind: 'consent' })).toEqual([]);
    });

    it('by time range: since inclusive, until exclusive', () => {
      expect(all({ since: T0 + 3000, until: T0 + 6000 })).toEqual([5, 4, 3]);
      expect(all({ since: T0 + 10_000 })).toEqual([11, 10]);
    });

    it('by text in name, arguments, summary or error, case-insensitively', () => {
      expect(all({ text: 'READ_F' })).toEqual([9, 6, 3, 0]);
      expect(all({ text: '/notes/5.md' })).toEqual([5]);
      expect(all({ text: 'result 10' })).toEqual([10]);
      expect(all({ text: 'boom' })).toEqual([11, 7, 3]);
    });

    it('treats % and _ in the text literally', () => {
      store.append([entry(100, { resultSummary: '100% done' })]);
      expect(all({ text: '0%' })).toEqual([100]);
      expect(all({ text: 'read_' })).toEqual([9, 6, 3, 0]);
      // As wildcards these would match "read_file" and every entry.
      expect(all({ text: 'rea__file' })).toEqual([]);
      expect(all({ text: '%' })).toEqual([100]);
    });
  });

  it('pages with a cursor, newest first, across pages and with filters', () => {
    store.append(Array.from({ length: 10 }, (_, i) => entry(i)));
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = store.query({ limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page.entries));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(pages).toBe(4);

    const first = store.query({ server: 'memory', limit: 4 });
    expect(ids(first.entries)).toEqual([8, 7, 5, 4]);
    const second = store.query({ server: 'memory', limit: 4, cursor: first.nextCursor! });
    expect(ids(second.entries)).toEqual([2, 1]);
    expect(second.nextCursor).toBeUndefined();
    // An exactly full last page says there is nothing more.
    expect(store.query({ limit: 10 }).nextCursor).toBeUndefined();
  });

  it('rejects out-of-range limits', () => {
    expect(() => store.query({ limit: 0 })).toThrow();
    expect(() => store.query({ limit: 1001 })).toThrow();
  });

  it('reads entries after an id, oldest first, and scans everything in pages', () => {
    store.append(Array.from({ length: 10 }, (_, i) => entry(i)));
    expect(ids(store.after(entry(6).id))).toEqual([7, 8, 9]);
    expect(ids(store.after(entry(2).id, { server: 'fs' }))).toEqual([3, 6, 9]);
    expect(ids([...store.scan({}, 3)])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('retains by age, then by row count, deleting the oldest', () => {
    store.append(Array.from({ length: 10 }, (_, i) => entry(i)));
    // Older than 5.5 s before T0 + 9 s: entries 0..3 go.
    expect(store.retain({ maxAgeMs: 5500, maxRows: 100 }, T0 + 9000)).toBe(4);
    expect(ids([...store.scan()])).toEqual([4, 5, 6, 7, 8, 9]);
    expect(store.retain({ maxAgeMs: 1e12, maxRows: 2 }, T0 + 9000)).toBe(4);
    expect(ids([...store.scan()])).toEqual([8, 9]);
    expect(store.retain({ maxAgeMs: 1e12, maxRows: 2 }, T0 + 9000)).toBe(0);
  });

  it('keeps whether a result came from the cache', () => {
    store.append([entry(1, { cached: true }), entry(2)]);
    const [second, first] = store.query({}).entries;
    expect(first!.cached).toBe(true);
    expect(second).not.toHaveProperty('cached');
  });

  it('upgrades a file from version 1 in place, keeping its rows, and refuses a newer one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-log-v1-'));
    const file = join(dir, CALL_LOG_FILE);
    const old = new DatabaseSync(file);
    // The version-1 table exactly as it was shipped, with one row in it.
    old.exec(`CREATE TABLE calls (id TEXT PRIMARY KEY, time INTEGER NOT NULL,
      client_id TEXT NOT NULL, client_name TEXT NOT NULL, profile TEXT NOT NULL,
      session_id TEXT NOT NULL, server TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
      arguments TEXT NOT NULL, result_size INTEGER NOT NULL, result_summary TEXT NOT NULL,
      duration_ms REAL NOT NULL, status TEXT NOT NULL, error TEXT, consent TEXT) WITHOUT ROWID;
      INSERT INTO calls VALUES ('${entry(1).id}', ${T0}, 'c', 'Cursor', 'default', 's', 'fs',
        'tools/call', 'read_file', '{}', 0, 'old', 1, 'ok', NULL, NULL);
      PRAGMA user_version = 1;`);
    old.close();
    const upgraded = CallLogStore.open(dir);
    upgraded.append([entry(2, { cached: true })]);
    expect(upgraded.query({}).entries.map((e) => [e.resultSummary, e.cached ?? false])).toEqual([
      ['result 2', true],
      ['old', false],
    ]);
    upgraded.close();
    const newer = new DatabaseSync(file);
    newer.exec('PRAGMA user_version = 99');
    newer.close();
    expect(() => CallLogStore.open(dir)).toThrow(/from a newer Switchboard \(call log version 99/);
  });

  it('refuses rows that do not fit the shared schema on the way out', () => {
    store.append([entry(0, { status: 'exploded' as CallLogEntry['status'] })]);
    expect(() => store.query({})).toThrow(/call log entry 0+ is malformed/);
  });
});
