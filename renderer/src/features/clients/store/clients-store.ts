/**
 * Clients: the list (kept current by 'clients:changed'), creating one (its token is held in
 * memory only until the person dismisses it: it is shown once) and revoking.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ApiError,
  ApiResult,
  EngineApi,
  MethodResult,
  ReportError,
} from '../../../api/engine-api.ts';
import { callSafely, ignoreErrors } from '../../../api/engine-api.ts';

export type ClientInfo = MethodResult<'clients:list'>[number];
export type CreatedClient = MethodResult<'clients:add'>;

export type ClientsState = {
  clients: ClientInfo[];
  loaded: boolean;
  loadError?: ApiError;
  /** The client just created and its token, until dismissed. Never persisted. */
  created?: CreatedClient;
  revoking: Record<string, boolean | undefined>;

  load(): Promise<void>;
  connect(): () => void;
  create(name: string, profile: string): Promise<ApiResult<CreatedClient>>;
  dismissCreated(): void;
  revoke(id: string): Promise<void>;
};

export type ClientsStore = StoreApi<ClientsState>;

function newestFirst(a: ClientInfo, b: ClientInfo): number {
  return b.createdAt - a.createdAt;
}

export function createClientsStore(
  api: EngineApi,
  report: ReportError = ignoreErrors,
): ClientsStore {
  /** Counts 'clients:changed' events: a list loaded while one arrived is older than it. */
  let changes = 0;
  /** Counts loads: only the newest one's answer is used. */
  let loads = 0;
  return createStore<ClientsState>()((set, get) => ({
    clients: [],
    loaded: false,
    revoking: {},

    async load() {
      const seen = changes;
      const mine = ++loads;
      const clients = await callSafely(api, 'clients:list', {});
      if (mine !== loads) return;
      if (clients.ok) {
        if (seen === changes) set({ clients: clients.value.slice().sort(newestFirst) });
        set({ loaded: true, loadError: undefined });
      }
      if (!clients.ok) {
        set({ loaded: true, loadError: clients.error });
        report('Load clients', clients.error);
      }
    },

    connect() {
      const unsubscribe = api.subscribe('clients:changed', (clients) => {
        changes += 1;
        set({ clients: clients.slice().sort(newestFirst), loaded: true });
      });
      const offLive = api.onLive?.(() => void get().load());
      void get().load();
      return () => {
        unsubscribe();
        offLive?.();
      };
    },

    async create(name, profile) {
      const result = await callSafely(api, 'clients:add', { name, profile });
      if (result.ok) {
        set((state) => ({
          created: result.value,
          clients: [
            result.value.client,
            ...state.clients.filter((item) => item.id !== result.value.client.id),
          ],
        }));
      }
      return result;
    },

    dismissCreated: () => set({ created: undefined }),

    async revoke(id) {
      set((state) => ({ revoking: { ...state.revoking, [id]: true } }));
      const result = await callSafely(api, 'clients:revoke', { id });
      set((state) => ({
        revoking: { ...state.revoking, [id]: undefined },
        clients: result.ok
          ? state.clients.map((item) => (item.id === id ? result.value : item))
          : state.clients,
      }));
      if (!result.ok) {
        const name = get().clients.find((item) => item.id === id)?.name ?? id;
        report(`Revoke "${name}"`, result.error);
      }
    },
  }));
}
