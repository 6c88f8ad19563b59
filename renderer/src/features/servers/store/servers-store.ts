/**
 * Servers: the live list (kept current by 'servers:status-changed'), their lifecycle actions,
 * and per server its tools and policies, settings, secrets and stderr tail.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiError, ApiResult, EngineApi, ReportError } from '../../../api/engine-api.ts';
import { callSafely, ignoreErrors } from '../../../api/engine-api.ts';
import type {
  ServerAction,
  ServerConfigurePatch,
  ServerSettings,
  ServerState,
  ServerSummary,
  ServerUpdatePatch,
  ToolPolicy,
  ToolView,
} from '../lib/server-types.ts';

export type ToolsState = { profile: string; items: ToolView[]; loading: boolean; error?: ApiError };

export type ServersState = {
  servers: ServerSummary[];
  loaded: boolean;
  loadError?: ApiError;
  selected?: string;
  /** The action running on each server, for spinners and disabled buttons. */
  busy: Record<string, ServerAction | undefined>;
  /** The profile whose policies the tools tab shows and edits. */
  profile: string;
  tools: Record<string, ToolsState | undefined>;
  settings: Record<string, ServerSettings | undefined>;
  stderr: Record<string, string[] | undefined>;

  load(): Promise<void>;
  /** Loads, then follows status events; returns the unsubscribe. */
  connect(): () => void;
  select(name: string | undefined): void;
  run(name: string, action: Exclude<ServerAction, 'remove'>): Promise<void>;
  remove(name: string): Promise<ApiResult<{ ok: true }>>;
  setProfile(profile: string): void;
  loadTools(name: string): Promise<void>;
  setPolicy(server: string, tool: string, policy: ToolPolicy | null): Promise<void>;
  loadSettings(name: string): Promise<void>;
  configure(name: string, patch: ServerConfigurePatch): Promise<ApiResult<ServerSettings>>;
  /** Changes how it is launched or reached; the engine saves the file and restarts it. */
  update(name: string, patch: ServerUpdatePatch): Promise<ApiResult<ServerSettings>>;
  setSecret(server: string, key: string, value: string): Promise<ApiResult<{ ok: true }>>;
  deleteSecret(server: string, key: string): Promise<ApiResult<{ deleted: boolean }>>;
  loadStderr(name: string): Promise<void>;
};

export type ServersStore = StoreApi<ServersState>;

const ACTION_WORDS: Record<ServerAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  remove: 'Remove',
};

/**
 * The states that answer an action: until the server reaches one, its buttons stay disabled, so a
 * double click cannot start a server and then stop it from the same spot.
 */
const SETTLED: Record<Exclude<ServerAction, 'remove'>, readonly ServerState[]> = {
  start: ['running', 'failed', 'backoff', 'stopped'],
  stop: ['stopped', 'failed'],
  restart: ['running', 'failed', 'backoff'],
};

/** How long buttons wait for the status event before giving up and enabling themselves. */
export const SETTLE_TIMEOUT_MS = 10_000;

type Pending = {
  action: Exclude<ServerAction, 'remove'>;
  settled: boolean;
  resolved: boolean;
  timer: ReturnType<typeof setTimeout>;
};

function byName(a: ServerSummary, b: ServerSummary): number {
  return a.name.localeCompare(b.name);
}

function upsert(list: ServerSummary[], server: ServerSummary): ServerSummary[] {
  const index = list.findIndex((item) => item.name === server.name);
  if (index === -1) return [...list, server].sort(byName);
  const next = list.slice();
  next[index] = server;
  return next;
}

export function createServersStore(
  api: EngineApi,
  report: ReportError = ignoreErrors,
): ServersStore {
  /** Status events seen while a list was loading: newer than that list. */
  let duringLoad: Map<string, ServerSummary> | undefined;
  /** Actions sent to the engine whose status event has not arrived yet, by server. */
  const pending = new Map<string, Pending>();
  const finish = (name: string, entry: Pending) => {
    if (pending.get(name) !== entry) return;
    clearTimeout(entry.timer);
    pending.delete(name);
    store.setState((state) => ({ busy: { ...state.busy, [name]: undefined } }));
  };
  const store = createStore<ServersState>()((set, get) => ({
    servers: [],
    loaded: false,
    busy: {},
    profile: 'default',
    tools: {},
    settings: {},
    stderr: {},

    async load() {
      const seen = (duringLoad = new Map<string, ServerSummary>());
      const servers = await callSafely(api, 'servers:list', {});
      if (duringLoad !== seen) return; // a newer load is on its way: its snapshot wins
      duringLoad = undefined;
      if (servers.ok) {
        const sorted = [...seen.values()].reduce(upsert, servers.value.slice().sort(byName));
        const selected = get().selected;
        set({
          servers: sorted,
          loaded: true,
          loadError: undefined,
          selected:
            selected && sorted.some((item) => item.name === selected) ? selected : sorted[0]?.name,
        });
      } else {
        set({ loaded: true, loadError: servers.error });
        report('Load servers', servers.error);
      }
    },

    connect() {
      const unsubscribe = api.subscribe('servers:status-changed', (server) => {
        duringLoad?.set(server.name, server);
        const waiting = pending.get(server.name);
        if (waiting && SETTLED[waiting.action].includes(server.status.state)) {
          waiting.settled = true;
          if (waiting.resolved) finish(server.name, waiting);
        }
        set((state) => ({
          servers: upsert(state.servers, server),
          selected: state.selected ?? server.name,
        }));
      });
      // Events missed while the stream was down (or not yet up): the list is loaded afresh.
      const offLive = api.onLive?.(() => void get().load());
      void get().load();
      return () => {
        unsubscribe();
        offLive?.();
      };
    },

    select: (name) => set({ selected: name }),

    async run(name, action) {
      const previous = pending.get(name);
      if (previous) clearTimeout(previous.timer);
      const entry: Pending = {
        action,
        settled: false,
        resolved: false,
        timer: setTimeout(() => finish(name, entry), SETTLE_TIMEOUT_MS),
      };
      pending.set(name, entry);
      set((state) => ({ busy: { ...state.busy, [name]: action } }));
      const result = await callSafely(api, `servers:${action}`, { name });
      entry.resolved = true;
      // Keep the buttons disabled until the status event says the action took effect.
      if (!result.ok || entry.settled) finish(name, entry);
      if (!result.ok) report(`${ACTION_WORDS[action]} "${name}"`, result.error);
    },

    async remove(name) {
      set((state) => ({ busy: { ...state.busy, [name]: 'remove' } }));
      const result = await callSafely(api, 'servers:remove', { name });
      set((state) => {
        const servers = result.ok
          ? state.servers.filter((item) => item.name !== name)
          : state.servers;
        return {
          busy: { ...state.busy, [name]: undefined },
          servers,
          selected: state.selected === name && result.ok ? servers[0]?.name : state.selected,
        };
      });
      if (!result.ok) report(`Remove "${name}"`, result.error);
      return result;
    },

    setProfile(profile) {
      set({ profile, tools: {} });
      const selected = get().selected;
      if (selected) void get().loadTools(selected);
    },

    async loadTools(name) {
      const profile = get().profile;
      set((state) => ({
        tools: {
          ...state.tools,
          [name]: { profile, items: state.tools[name]?.items ?? [], loading: true },
        },
      }));
      const result = await callSafely(api, 'servers:tools', { name, profile });
      if (get().profile !== profile) return; // the profile changed while loading
      set((state) => ({
        tools: {
          ...state.tools,
          [name]: result.ok
            ? { profile, items: result.value, loading: false }
            : {
                profile,
                items: state.tools[name]?.items ?? [],
                loading: false,
                error: result.error,
              },
        },
      }));
    },

    async setPolicy(server, tool, policy) {
      const profile = get().profile;
      const before = get().tools[server];
      const patch = (items: ToolView[]): ToolView[] =>
        items.map((item) =>
          item.name === tool && policy !== null
            ? { ...item, policy, policySource: 'profile' }
            : item,
        );
      if (before)
        set((state) => ({
          tools: { ...state.tools, [server]: { ...before, items: patch(before.items) } },
        }));
      const result = await callSafely(api, 'policies:set', { profile, server, tool, policy });
      if (!result.ok) {
        if (before) set((state) => ({ tools: { ...state.tools, [server]: before } }));
        report(`Set the policy of "${tool}"`, result.error);
        return;
      }
      // Clearing a profile policy falls back to another source: ask the engine which.
      if (policy === null) await get().loadTools(server);
    },

    async loadSettings(name) {
      const result = await callSafely(api, 'servers:settings', { name });
      if (result.ok) set((state) => ({ settings: { ...state.settings, [name]: result.value } }));
      else report(`Load the settings of "${name}"`, result.error);
    },

    async configure(name, patch) {
      const result = await callSafely(api, 'servers:configure', { name, ...patch });
      if (result.ok) set((state) => ({ settings: { ...state.settings, [name]: result.value } }));
      return result;
    },

    async update(name, patch) {
      const result = await callSafely(api, 'servers:update', { name, ...patch });
      if (result.ok) set((state) => ({ settings: { ...state.settings, [name]: result.value } }));
      return result;
    },

    async setSecret(server, key, value) {
      const result = await callSafely(api, 'secrets:set', { server, key, value });
      if (result.ok) await get().loadSettings(server);
      return result;
    },

    async deleteSecret(server, key) {
      const result = await callSafely(api, 'secrets:delete', { server, key });
      if (result.ok) await get().loadSettings(server);
      return result;
    },

    async loadStderr(name) {
      const result = await callSafely(api, 'servers:stderr', { name });
      if (result.ok) set((state) => ({ stderr: { ...state.stderr, [name]: result.value } }));
      else report(`Load the output of "${name}"`, result.error);
    },
  }));
  return store;
}
