/** policies:set, profiles:list/set: saved to settings.json and in force for the next call. */
import type { Profile } from '../../../../shared/clients.ts';
import type { Gateway } from '../../gateway.ts';
import { notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';
import { OK } from './servers.ts';

function saveProfile(gateway: Gateway, name: string, profile: Profile): void {
  gateway.settingsStore.setProfile(name, profile);
  gateway.settings = {
    ...gateway.settings,
    profiles: { ...gateway.settings.profiles, [name]: profile },
  };
  // Visible servers and tools may have changed for open sessions.
  gateway.settingsChanged();
}

export function policyHandlers(
  gateway: Gateway,
): HandlerGroup<'policies:set' | 'profiles:list' | 'profiles:set'> {
  return {
    'policies:set': async ({ profile, server, tool, policy }) => {
      const current = gateway.settings.profiles[profile];
      if (!current) throw notFound(`no profile named "${profile}"`);
      const forServer = { ...current.tools[server] };
      if (policy === null) delete forServer[tool];
      else forServer[tool] = policy;
      const { [server]: _old, ...others } = current.tools;
      const tools = Object.keys(forServer).length > 0 ? { ...others, [server]: forServer } : others;
      saveProfile(gateway, profile, { ...current, tools });
      return OK;
    },
    'profiles:list': async () => gateway.settings.profiles,
    'profiles:set': async ({ name, profile }) => {
      saveProfile(gateway, name, profile);
      return OK;
    },
  };
}
