/**
 * Adding servers: one at a time from the form (its secrets stored first), or all of an
 * `mcpServers` config file. Names added in this session stay listed with their live status.
 * Browsing the catalog: the latest search's answer (an older one arriving late is dropped).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiResult, EngineApi, MethodResult, ReportError } from '../../../api/engine-api.ts';
import { callSafely, describeError, ignoreErrors } from '../../../api/engine-api.ts';
import { searchParams, type CatalogQuery, EMPTY_QUERY } from '../lib/catalog-query.ts';
import type { BuiltEntry } from '../lib/server-entry.ts';

export type ImportResult = MethodResult<'servers:import'>;
export type AddedServer = MethodResult<'servers:add'>;
export type ToolPolicy = MethodResult<'settings:get'>['defaultPolicy'];

export type CatalogListing = MethodResult<'catalog:search'>;

export type CatalogBrowse = {
  /** What the user asked for last (the filters show it). */
  query: CatalogQuery;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Asking the registry again, past its cached listing. */
  refreshing: boolean;
  /** The last answer, with the query it answers (kept while the next one loads). */
  listing?: CatalogListing & { query: CatalogQuery };
  error?: string;
};

export type CatalogState = {
  /** Names added from this screen, newest first, to follow while they start. */
  recent: string[];
  lastImport?: ImportResult & { file: string };
  add(name: string, built: BuiltEntry, defaultPolicy: ToolPolicy): Promise<ApiResult<AddedServer>>;
  importFile(file: string): Promise<ApiResult<ImportResult>>;
  forget(name: string): void;
  /** Follows a server added elsewhere on this screen (an install from the catalog). */
  remember(name: string): void;
  browse: CatalogBrowse;
  /** Searches with `change` applied to the current query; `refresh` asks the registry again. */
  search(change?: Partial<CatalogQuery>, options?: { refresh?: boolean }): Promise<void>;
};

export type CatalogStore = StoreApi<CatalogState>;

export function createCatalogStore(
  api: EngineApi,
  report: ReportError = ignoreErrors,
): CatalogStore {
  /** Only the latest search's answer is kept. */
  let latest = 0;
  return createStore<CatalogState>()((set, get) => ({
    recent: [],
    browse: { query: EMPTY_QUERY, status: 'idle', refreshing: false },

    async search(change = {}, options = {}) {
      const query = { ...get().browse.query, ...change };
      const refresh = options.refresh === true;
      const mine = ++latest;
      set((state) => ({
        browse: { ...state.browse, query, status: 'loading', refreshing: refresh },
      }));
      const result = await callSafely(api, 'catalog:search', searchParams(query, refresh));
      if (mine !== latest) return;
      set((state) => ({
        browse: result.ok
          ? {
              query: state.browse.query,
              status: 'ready',
              refreshing: false,
              listing: { ...result.value, query },
            }
          : {
              query: state.browse.query,
              status: 'error',
              refreshing: false,
              error: describeError(result.error),
            },
      }));
    },

    async add(name, built, defaultPolicy) {
      // Secrets first, so the server's first start already finds them.
      const deferred: BuiltEntry['secrets'] = [];
      for (const secret of built.secrets) {
        const stored = await callSafely(api, 'secrets:set', { server: name, ...secret });
        if (stored.ok) continue;
        if (stored.error.code !== 'not-found') return stored as ApiResult<never>;
        deferred.push(secret); // this engine wants the server to exist first
      }
      const added = await callSafely(api, 'servers:add', {
        name,
        entry: built.entry,
        defaultPolicy,
      });
      if (!added.ok) return added;
      set((state) => ({ recent: [name, ...state.recent.filter((item) => item !== name)] }));
      if (deferred.length > 0) {
        for (const secret of deferred) {
          const stored = await callSafely(api, 'secrets:set', { server: name, ...secret });
          if (!stored.ok) report(`Store the secret ${secret.key} of "${name}"`, stored.error);
        }
        const restarted = await callSafely(api, 'servers:restart', { name });
        if (!restarted.ok) report(`Restart "${name}"`, restarted.error);
      }
      return added;
    },

    async importFile(file) {
      const result = await callSafely(api, 'servers:import', { file });
      if (result.ok) {
        set((state) => ({
          lastImport: { ...result.value, file },
          recent: [
            ...result.value.added,
            ...state.recent.filter((item) => !result.value.added.includes(item)),
          ],
        }));
      }
      return result;
    },

    forget: (name) => set((state) => ({ recent: state.recent.filter((item) => item !== name) })),
    remember: (name) =>
      set((state) => ({ recent: [name, ...state.recent.filter((item) => item !== name)] })),
  }));
}
