/** Gateway settings (read, patch) and the lasting "always allow" grants (list, revoke). */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ApiError,
  ApiResult,
  EngineApi,
  MethodParams,
  MethodResult,
  ReportError,
} from '../../../api/engine-api.ts';
import { callSafely, ignoreErrors } from '../../../api/engine-api.ts';

export type GatewaySettings = MethodResult<'settings:get'>;
export type GatewaySettingsPatch = MethodParams<'settings:set'>;
export type ConsentGrant = MethodResult<'grants:list'>[number];

export type SettingsState = {
  settings?: GatewaySettings;
  loadError?: ApiError;
  grants: ConsentGrant[];
  saving: boolean;

  load(): Promise<void>;
  save(patch: GatewaySettingsPatch): Promise<ApiResult<GatewaySettings>>;
  loadGrants(): Promise<void>;
  revokeGrant(id: string): Promise<void>;
};

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(
  api: EngineApi,
  report: ReportError = ignoreErrors,
): SettingsStore {
  return createStore<SettingsState>()((set) => ({
    grants: [],
    saving: false,

    async load() {
      const result = await callSafely(api, 'settings:get', {});
      if (result.ok) set({ settings: result.value, loadError: undefined });
      else {
        set({ loadError: result.error });
        report('Load settings', result.error);
      }
    },

    async save(patch) {
      set({ saving: true });
      const result = await callSafely(api, 'settings:set', patch);
      set(result.ok ? { saving: false, settings: result.value } : { saving: false });
      return result;
    },

    async loadGrants() {
      const result = await callSafely(api, 'grants:list', {});
      if (result.ok)
        set({ grants: result.value.slice().sort((a, b) => b.grantedAt - a.grantedAt) });
      else report('Load remembered permissions', result.error);
    },

    async revokeGrant(id) {
      const result = await callSafely(api, 'grants:revoke', { id });
      if (result.ok) set((state) => ({ grants: state.grants.filter((grant) => grant.id !== id) }));
      else report('Revoke a remembered permission', result.error);
    },
  }));
}
