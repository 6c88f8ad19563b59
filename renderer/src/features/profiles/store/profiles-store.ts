/**
 * Profiles: which servers a client sees and whether denied tools are hidden from it. Shared by
 * the Clients screen (list, create, edit, pick one for a new client) and the Servers screen
 * (whose per-tool policies are set for one profile). Saved with `profiles:set`, which replaces
 * the whole profile: its tool policies are read fresh just before, so none set meanwhile is lost.
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

export type Profiles = MethodResult<'profiles:list'>;
export type Profile = Profiles[string];
/** What the dashboard edits of a profile (tool policies are edited on the Servers screen). */
export type ProfileDraft = Pick<Profile, 'servers' | 'hideDenied'>;

export const DEFAULT_PROFILE = 'default';

export type ProfilesState = {
  profiles: Profiles;
  /** Sorted, "default" always there (the engine falls back to it). */
  names: string[];
  loaded: boolean;
  loadError?: ApiError;
  load(): Promise<void>;
  save(name: string, draft: ProfileDraft): Promise<ApiResult<{ ok: true }>>;
};

export type ProfilesStore = StoreApi<ProfilesState>;

export function profileNames(profiles: Profiles): string[] {
  const names = Object.keys(profiles).sort((a, b) => a.localeCompare(b));
  return names.includes(DEFAULT_PROFILE) ? names : [DEFAULT_PROFILE, ...names];
}

export function createProfilesStore(
  api: EngineApi,
  report: ReportError = ignoreErrors,
): ProfilesStore {
  /** Bumped by every load: an older answer never overwrites a newer one. */
  let generation = 0;
  return createStore<ProfilesState>()((set, get) => ({
    profiles: {},
    names: [DEFAULT_PROFILE],
    loaded: false,

    async load() {
      const mine = ++generation;
      const result = await callSafely(api, 'profiles:list', {});
      if (mine !== generation) return;
      if (result.ok)
        set({
          profiles: result.value,
          names: profileNames(result.value),
          loaded: true,
          loadError: undefined,
        });
      else {
        set({ loaded: true, loadError: result.error });
        report('Load profiles', result.error);
      }
    },

    async save(name, draft) {
      const latest = await callSafely(api, 'profiles:list', {});
      if (!latest.ok) return latest;
      const tools = latest.value[name]?.tools ?? get().profiles[name]?.tools ?? {};
      const profile: Profile = { servers: draft.servers, hideDenied: draft.hideDenied, tools };
      const result = await callSafely(api, 'profiles:set', { name, profile });
      if (result.ok) {
        generation++;
        const profiles = { ...latest.value, [name]: profile };
        set({ profiles, names: profileNames(profiles), loaded: true, loadError: undefined });
      }
      return result;
    },
  }));
}
