/**
 * Installing from the catalog: the open install form (what the entry asks for), the installs
 * under way with their progress (from `installs:progress`), updates available, uninstalling.
 * Secret values pass through `start` to the engine and are never kept here.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiResult, EngineApi, MethodResult, ReportError } from '../../../api/engine-api.ts';
import { callSafely, describeError, ignoreErrors } from '../../../api/engine-api.ts';

export type InstallPlan = MethodResult<'installs:plan'>;
export type InstallJob = MethodResult<'installs:list'>[number];
export type AvailableUpdate = MethodResult<'installs:updates'>[number];
export type BundlePlan = MethodResult<'installs:bundle-plan'>;
export type BundleInstalled = MethodResult<'installs:bundle'>;

export type InstallForm = {
  catalog: string;
  status: 'loading' | 'ready' | 'error';
  plan?: InstallPlan;
  error?: string;
  /** The job this form started, once it has. */
  jobId?: string;
};

export type InstallState = {
  form?: InstallForm;
  jobs: Record<string, InstallJob>;
  updates: AvailableUpdate[];
  /** Servers being uninstalled or updated now. */
  busy: string[];
  open(catalog: string, source?: InstallPlan['source']): Promise<void>;
  close(): void;
  start(request: {
    name: string;
    values: Record<string, string>;
  }): Promise<ApiResult<MethodResult<'installs:start'>>>;
  /** A local .mcpb bundle: what it is and asks for, then installing it (no progress: one step). */
  planBundle(file: string): Promise<ApiResult<BundlePlan>>;
  installBundle(request: {
    file: string;
    name: string;
    values: Record<string, string>;
  }): Promise<ApiResult<BundleInstalled>>;
  uninstall(name: string): Promise<boolean>;
  loadUpdates(): Promise<void>;
  update(name: string): Promise<boolean>;
  connect(): () => void;
};

export type InstallStore = StoreApi<InstallState>;

export function createInstallStore(
  api: EngineApi,
  report: ReportError = ignoreErrors,
): InstallStore {
  const store = createStore<InstallState>()((set, get) => {
    const busy = async (name: string, work: () => Promise<boolean>) => {
      set((state) => ({ busy: [...state.busy, name] }));
      try {
        return await work();
      } finally {
        set((state) => ({ busy: state.busy.filter((item) => item !== name) }));
      }
    };
    return {
      jobs: {},
      updates: [],
      busy: [],

      async open(catalog, source) {
        set({ form: { catalog, status: 'loading' } });
        const plan = await callSafely(api, 'installs:plan', {
          catalog,
          ...(source ? { source } : {}),
        });
        if (get().form?.catalog !== catalog) return;
        set({
          form: plan.ok
            ? { catalog, status: 'ready', plan: plan.value }
            : { catalog, status: 'error', error: describeError(plan.error) },
        });
      },

      close: () => set({ form: undefined }),

      async start({ name, values }) {
        const form = get().form;
        if (!form?.plan) throw new Error('no install form is open');
        // Empty fields are not sent: a default or "not set" applies.
        const given = Object.fromEntries(
          Object.entries(values).filter(([, value]) => value !== ''),
        );
        const result = await callSafely(api, 'installs:start', {
          catalog: form.catalog,
          name,
          source: form.plan.source,
          values: given,
        });
        if (result.ok && get().form?.catalog === form.catalog)
          set((state) => ({ form: { ...state.form!, jobId: result.value.id } }));
        return result;
      },

      planBundle: (file) => callSafely(api, 'installs:bundle-plan', { file }),

      installBundle: ({ file, name, values }) =>
        callSafely(api, 'installs:bundle', {
          file,
          name,
          values: Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '')),
        }),

      uninstall: (name) =>
        busy(name, async () => {
          const result = await callSafely(api, 'installs:uninstall', { name });
          if (!result.ok) report(`Uninstall "${name}"`, result.error);
          else set((state) => ({ updates: state.updates.filter((item) => item.server !== name) }));
          return result.ok;
        }),

      async loadUpdates() {
        const result = await callSafely(api, 'installs:updates', {});
        if (result.ok) set({ updates: result.value });
      },

      update: (name) =>
        busy(name, async () => {
          const result = await callSafely(api, 'installs:update', { name });
          if (!result.ok) report(`Update "${name}"`, result.error);
          else set((state) => ({ updates: state.updates.filter((item) => item.server !== name) }));
          return result.ok;
        }),

      connect() {
        const stop = api.subscribe('installs:progress', (job) =>
          set((state) => ({ jobs: { ...state.jobs, [job.id]: job } })),
        );
        void callSafely(api, 'installs:list', {}).then((result) => {
          if (!result.ok) return;
          set((state) => ({
            jobs: {
              ...Object.fromEntries(result.value.map((job) => [job.id, job])),
              ...state.jobs,
            },
          }));
        });
        void get().loadUpdates();
        return stop;
      },
    };
  });
  return store;
}
