/**
 * The call log table: a filtered `log:query` with cursor paging (newest first), kept live by
 * 'log:appended' for entries that match the filters, and the selected row for the detail pane.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiError, EngineApi, ReportError } from '../../../api/engine-api.ts';
import { callSafely, ignoreErrors } from '../../../api/engine-api.ts';
import { matchesFilters, sinceFor, toQuery } from '../lib/log-filters.ts';
import type { CallLogEntry, LogFilters } from '../lib/log-types.ts';
import { EMPTY_FILTERS } from '../lib/log-types.ts';

export type CallLogState = {
  filters: LogFilters;
  entries: CallLogEntry[];
  nextCursor?: string;
  loading: boolean;
  loadingMore: boolean;
  error?: ApiError;
  selectedId?: string;
  /** Entries that arrived live since the last query (for the "new" marker). */
  liveCount: number;

  /** Replaces some filters and queries again. */
  setFilters(patch: Partial<LogFilters>): Promise<void>;
  resetFilters(): Promise<void>;
  refresh(): Promise<void>;
  /** Adds what was logged since the newest row: live events may have been missed meanwhile. */
  catchUp(): Promise<void>;
  loadMore(): Promise<void>;
  select(id: string | undefined): void;
  connect(): () => void;
};

export type CallLogStore = StoreApi<CallLogState>;

export type CallLogStoreOptions = {
  report?: ReportError;
  pageSize?: number;
  /** Most rows kept in memory; the oldest go first. */
  maxRows?: number;
  now?: () => number;
};

function newestFirst(a: CallLogEntry, b: CallLogEntry): number {
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function createCallLogStore(
  api: EngineApi,
  options: CallLogStoreOptions = {},
): CallLogStore {
  const report = options.report ?? ignoreErrors;
  const pageSize = options.pageSize ?? 200;
  const maxRows = options.maxRows ?? 50_000;
  const now = options.now ?? Date.now;
  /** Bumped by every fresh query so late answers to older ones are dropped. */
  let generation = 0;
  /** The lower time bound of the current query, fixed when it was sent. */
  let since: number | undefined;
  /** Live entries seen while a fresh query is on its way, newest first. */
  let arrivedDuringQuery: CallLogEntry[] | undefined;

  const store = createStore<CallLogState>()((set, get) => ({
    filters: EMPTY_FILTERS,
    entries: [],
    loading: false,
    loadingMore: false,
    liveCount: 0,

    async refresh() {
      const mine = ++generation;
      const filters = get().filters;
      const sentAt = now();
      since = sinceFor(filters, sentAt);
      arrivedDuringQuery = [];
      set({ loading: true, error: undefined });
      const result = await callSafely(api, 'log:query', toQuery(filters, sentAt, pageSize));
      if (mine !== generation) return;
      if (!result.ok) {
        arrivedDuringQuery = undefined;
        set({ loading: false, error: result.error });
        report('Load the call log', result.error);
        return;
      }
      const arrived = arrivedDuringQuery ?? [];
      arrivedDuringQuery = undefined;
      set((state) => {
        // Entries that arrived live while the query ran may be missing from its page: keep them on top.
        const ids = new Set(result.value.entries.map((entry) => entry.id));
        const entries = [...arrived.filter((entry) => !ids.has(entry.id)), ...result.value.entries];
        return {
          loading: false,
          entries,
          nextCursor: result.value.nextCursor,
          liveCount: 0,
          selectedId: entries.some((entry) => entry.id === state.selectedId)
            ? state.selectedId
            : undefined,
        };
      });
    },

    async catchUp() {
      const { entries, loading, filters } = get();
      const top = entries[0];
      // A fresh query on its way brings everything; with no rows there is nothing to keep.
      if (loading) return;
      if (!top) return get().refresh();
      const mine = generation;
      const result = await callSafely(api, 'log:query', toQuery(filters, now(), pageSize));
      if (mine !== generation) return;
      if (!result.ok) return report('Catch up with the call log', result.error);
      const newer = result.value.entries.filter((entry) => entry.id > top.id);
      // More was missed than one page holds: paging down from here would leave a hole.
      if (newer.length === result.value.entries.length && result.value.nextCursor)
        return get().refresh();
      set((state) => {
        const known = new Set(state.entries.map((entry) => entry.id));
        const missed = newer.filter((entry) => !known.has(entry.id));
        if (missed.length === 0) return {};
        // Newest first: what arrived live while this query ran may be newer than what it found.
        const merged = [...missed, ...state.entries].sort(newestFirst);
        if (merged.length <= maxRows) return { entries: merged };
        return { entries: merged.slice(0, maxRows), nextCursor: undefined };
      });
    },

    async setFilters(patch) {
      set((state) => ({
        filters: { ...state.filters, ...patch },
        entries: [],
        nextCursor: undefined,
      }));
      await get().refresh();
    },

    async resetFilters() {
      await get().setFilters(EMPTY_FILTERS);
    },

    async loadMore() {
      const { nextCursor, loadingMore, loading, filters } = get();
      if (!nextCursor || loadingMore || loading) return;
      const mine = generation;
      set({ loadingMore: true });
      const query = {
        ...toQuery(filters, now(), pageSize, nextCursor),
        ...(since !== undefined ? { since } : {}),
      };
      const result = await callSafely(api, 'log:query', query);
      if (mine !== generation) return;
      if (!result.ok) {
        set({ loadingMore: false });
        report('Load older calls', result.error);
        return;
      }
      set((state) => {
        const known = new Set(state.entries.map((entry) => entry.id));
        const older = result.value.entries.filter((entry) => !known.has(entry.id));
        return {
          loadingMore: false,
          entries: [...state.entries, ...older],
          nextCursor: result.value.nextCursor,
        };
      });
    },

    select: (id) => set({ selectedId: id }),

    connect() {
      const unsubscribe = api.subscribe('log:appended', (entry) => {
        const state = get();
        if (!matchesFilters(entry, state.filters, since)) return;
        // Ids increase: only an entry not newer than the top row can be a repeat.
        const top = state.entries[0];
        if (top && entry.id <= top.id && state.entries.some((item) => item.id === entry.id)) return;
        arrivedDuringQuery?.unshift(entry);
        let entries = [entry, ...state.entries];
        let nextCursor = state.nextCursor;
        if (entries.length > maxRows) {
          entries = entries.slice(0, maxRows);
          // Older rows were dropped here: paging on from the old cursor would leave a gap.
          nextCursor = undefined;
        }
        set({ entries, nextCursor, liveCount: state.liveCount + 1 });
      });
      const offLive = api.onLive?.(() => void get().catchUp());
      void get().refresh();
      return () => {
        unsubscribe();
        offLive?.();
      };
    },
  }));
  return store;
}
