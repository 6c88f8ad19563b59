/**
 * Profiles: which servers a client sees, whether denied tools are hidden from it, and whether
 * it lists every tool or searches for them. Shared by the Clients screen (list, create, edit,
 * pick one for a new client, try a search) and the Servers screen (whose per-tool policies are
 * set for one profile). Saved with `profiles:set`, which replaces the whole profile: what the
 * form does not edit is read fresh just before, so nothing set meanwhile elsewhere is lost.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ProfileSchema } from '../../../../../shared/clients.ts';
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
export type ProfileDraft = Omit<Profile, 'tools'>;
export type ToolSearchAnswer = MethodResult<'tools:search'>;

export const DEFAULT_PROFILE = 'default';
/** What the engine assumes for a profile settings.json does not hold: the schema's defaults. */
export const IMPLICIT_PROFILE: Profile = ProfileSchema.parse({});

export type ProfilesState = {
  profiles: Profiles;
  /** Sorted, "default" always there (the engine falls back to it). */
  names: string[];
  loaded: boolean;
  loadError?: ApiError;
  load(): Promise<void>;
  /** Fields left out of `draft` keep their saved values. */
  save(name: string, draft: Partial<ProfileDraft>): Promise<ApiResult<{ ok: true }>>;
  /** What search_tools answers an agent of this profile (as saved). */
  search(profile: string, query: string): Promise<ApiResult<ToolSearchAnswer>>;
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
      const saved = latest.value[name] ?? get().profiles[name] ?? IMPLICIT_PROFILE;
      const profile: Profile = { ...saved, ...draft, tools: saved.tools };
      const result = await callSafely(api, 'profiles:set', { name, profile });
      if (result.ok) {
        generation++;
        const profiles = { ...latest.value, [name]: profile };
        set({ profiles, names: profileNames(profiles), loaded: true, loadError: undefined });
      }
      return result;
    },

    search: (profile, query) => callSafely(api, 'tools:search', { profile, query }),
  }));
}
