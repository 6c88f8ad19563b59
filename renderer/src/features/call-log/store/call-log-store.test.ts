import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { logEntry, logId } from '../../../test-support/fixtures.ts';
import type { CallLogEntry } from '../lib/log-types.ts';
import { createCallLogStore } from './call-log-store.ts';

/** A fake log:query over a fixed list (newest first), with the engine's cursor paging. */
function pagedLog(all: CallLogEntry[]) {
  return createFakeEngineApi({
    'log:query': (query) => {
      const matching = all.filter(
        (entry) =>
          (!query.server || entry.server === query.server) &&
          (!query.status || entry.status === query.status),
      );
      const start = query.cursor ? matching.findIndex((entry) => entry.id < query.cursor!) : 0;
      const limit = query.limit ?? 100;
      const page = start < 0 ? [] : matching.slice(start, start + limit);
      const last = page.at(-1);
      return ok({
        entries: page,
        ...(last && start + limit < matching.length ? { nextCursor: last.id } : {}),
      });
    },
  });
}

function entries(count: number, from = 1): CallLogEntry[] {
  return Array.from({ length: count }, (_, index) =>
    logEntry({ id: logId(from + count - 1 - index), server: index % 2 ? 'memory' : 'github' }),
  );
}

describe('call log store', () => {
  it('queries with the filters and pages on with the cursor', async () => {
    const api = pagedLog(entries(250));
    const store = createCallLogStore(api, { pageSize: 100, now: () => 1_000_000 });
    await store.getState().refresh();
    expect(store.getState().entries).toHaveLength(100);
    expect(store.getState().nextCursor).toBeDefined();
    await store.getState().loadMore();
    await store.getState().loadMore();
    expect(store.getState().entries).toHaveLength(250);
    expect(store.getState().nextCursor).toBeUndefined();
    expect(new Set(store.getState().entries.map((entry) => entry.id)).size).toBe(250);
  });

  it('sends every filter as the contract names it', async () => {
    const api = pagedLog([]);
    const store = createCallLogStore(api, { now: () => 10_000_000 });
    await store.getState().setFilters({
      client: 'cursor',
      server: 'memory',
      tool: ' read_graph ',
      status: 'error',
      range: '15m',
      text: 'secret',
    });
    expect(api.callsOf('log:query').at(-1)).toEqual({
      limit: 200,
      client: 'cursor',
      server: 'memory',
      tool: 'read_graph',
      status: 'error',
      since: 10_000_000 - 15 * 60_000,
      text: 'secret',
    });
  });

  it('prepends live entries that match the filters, and only those', async () => {
    const api = pagedLog([]);
    const store = createCallLogStore(api);
    const disconnect = store.getState().connect();
    await store.getState().setFilters({ server: 'memory' });
    api.emit('log:appended', logEntry({ id: logId(900), server: 'memory' }));
    api.emit('log:appended', logEntry({ id: logId(901), server: 'github' }));
    api.emit('log:appended', logEntry({ id: logId(902), server: 'memory' }));
    api.emit('log:appended', logEntry({ id: logId(902), server: 'memory' }));
    expect(store.getState().entries.map((entry) => entry.id)).toEqual([logId(902), logId(900)]);
    expect(store.getState().liveCount).toBe(2);
    disconnect();
    expect(api.listenerCount('log:appended')).toBe(0);
  });

  it('matches text and status like the engine does', async () => {
    const api = pagedLog([]);
    const store = createCallLogStore(api);
    store.getState().connect();
    await store.getState().setFilters({ text: 'NOTES', status: 'ok' });
    api.emit('log:appended', logEntry({ id: logId(1), arguments: { path: '/tmp/notes.txt' } }));
    api.emit(
      'log:appended',
      logEntry({ id: logId(2), arguments: { path: '/tmp/notes.txt' }, status: 'error' }),
    );
    api.emit('log:appended', logEntry({ id: logId(3), resultSummary: 'my notes' }));
    api.emit('log:appended', logEntry({ id: logId(4), name: 'other' }));
    expect(store.getState().entries.map((entry) => entry.id)).toEqual([logId(3), logId(1)]);
  });

  it('drops the answer of a query that a newer one replaced', async () => {
    const resolvers: ((value: ReturnType<typeof ok<{ entries: CallLogEntry[] }>>) => void)[] = [];
    const api = createFakeEngineApi({
      'log:query': () => new Promise((resolve) => resolvers.push(resolve)),
    });
    const store = createCallLogStore(api);
    const first = store.getState().setFilters({ server: 'github' });
    const second = store.getState().setFilters({ server: 'memory' });
    resolvers[1]!(ok({ entries: [logEntry({ server: 'memory' })] }));
    resolvers[0]!(
      ok({ entries: [logEntry({ server: 'github' }), logEntry({ server: 'github' })] }),
    );
    await Promise.all([first, second]);
    expect(store.getState().entries.map((entry) => entry.server)).toEqual(['memory']);
  });

  it('keeps memory bounded, dropping the oldest rows', async () => {
    const api = pagedLog(entries(10));
    const store = createCallLogStore(api, { maxRows: 10 });
    store.getState().connect();
    await store.getState().refresh();
    api.emit('log:appended', logEntry({ id: logId(500) }));
    expect(store.getState().entries).toHaveLength(10);
    expect(store.getState().entries[0]?.id).toBe(logId(500));
    expect(store.getState().nextCursor).toBeUndefined();
  });

  it('catches up when events flow again, keeping the older pages it had', async () => {
    const all = entries(250);
    const api = pagedLog(all);
    const store = createCallLogStore(api, { pageSize: 100, now: () => 1_000_000 });
    store.getState().connect();
    await vi.waitFor(() => expect(store.getState().entries).toHaveLength(100));
    await store.getState().loadMore();
    expect(store.getState().entries).toHaveLength(200);
    all.unshift(...entries(3, 251)); // logged while the stream was down: no events came
    api.goLive();
    await vi.waitFor(() => expect(store.getState().entries).toHaveLength(203));
    expect(
      store
        .getState()
        .entries.slice(0, 4)
        .map((entry) => entry.id),
    ).toEqual([logId(253), logId(252), logId(251), logId(250)]);
  });

  it('starts over when more was missed than a page holds', async () => {
    const all = entries(150);
    const api = pagedLog(all);
    const store = createCallLogStore(api, { pageSize: 100, now: () => 1_000_000 });
    await store.getState().refresh();
    await store.getState().loadMore();
    expect(store.getState().entries).toHaveLength(150);
    all.unshift(...entries(120, 151));
    await store.getState().catchUp();
    await vi.waitFor(() => expect(store.getState().entries[0]?.id).toBe(logId(270)));
    expect(store.getState().entries).toHaveLength(100);
    expect(store.getState().nextCursor).toBe(logId(171));
  });
});
