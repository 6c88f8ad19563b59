/** Checking a new profile's name, and a profile in a few words for the list. */
import { ProfileNameSchema } from '../../../../../shared/clients.ts';
import { plural } from '../../../ui/format.ts';
import type { Profile } from '../store/profiles-store.ts';

/** Why a new profile cannot take this name, or undefined when it can. */
export function profileNameProblem(name: string, existing: readonly string[]): string | undefined {
  if (!ProfileNameSchema.safeParse(name).success)
    return 'Use letters, digits, "_", "." or "-" (no spaces, at most 64), starting with a letter or digit, e.g. "work".';
  if (existing.includes(name)) return `A profile named “${name}” exists already: edit it instead.`;
  return undefined;
}

export function describeServers(servers: Profile['servers']): string {
  if (servers === '*') return 'All servers';
  if (servers.length === 0) return 'No servers';
  return servers.join(', ');
}

/** How many tool policies the profile sets (on the Servers screen). */
export function policyCount(profile: Profile): number {
  return Object.values(profile.tools).reduce((sum, tools) => sum + Object.keys(tools).length, 0);
}

export function describeProfile(profile: Profile, clients: number): string {
  const policies = policyCount(profile);
  return [
    profile.hideDenied ? 'denied tools hidden' : 'denied tools listed',
    policies === 0 ? 'no tool policies' : plural(policies, 'tool policy', 'tool policies'),
    `used by ${plural(clients, 'client')}`,
  ].join(' · ');
}
