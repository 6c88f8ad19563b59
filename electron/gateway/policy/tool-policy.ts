/**
 * Which policy applies to one tool for one profile: the profile's own setting first, then the
 * tool's annotations, then the server's default, then the gateway's.
 */
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Profile, ToolPolicy } from '../../../shared/clients.ts';
import type { Settings } from '../config/settings.ts';

export type PolicySource = 'profile' | 'annotation' | 'server-default' | 'default';
export type PolicyDecision = { policy: ToolPolicy; source: PolicySource };

/** A profile that no longer exists grants nothing (safer than falling back to "everything"). */
const NO_ACCESS: Profile = {
  servers: [],
  tools: {},
  hideDenied: true,
  exposure: 'all',
  pinned: [],
  recipes: {},
};

/** Own keys only: a tool (or profile) named "constructor" must not find Object's. */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function profileFor(settings: Settings, name: string): Profile {
  return own(settings.profiles, name) ?? NO_ACCESS;
}

export function profileIncludes(profile: Profile, server: string): boolean {
  return profile.servers === '*' || profile.servers.includes(server);
}

export function resolveToolPolicy(
  settings: Settings,
  profileName: string,
  server: string,
  tool: string,
  annotations: ToolAnnotations | undefined,
): PolicyDecision {
  const explicit = own(own(profileFor(settings, profileName).tools, server), tool);
  if (explicit) return { policy: explicit, source: 'profile' };
  if (annotations?.readOnlyHint === true) return { policy: 'allow', source: 'annotation' };
  if (annotations?.destructiveHint === true) return { policy: 'ask', source: 'annotation' };
  const serverDefault = settings.servers[server]?.defaultPolicy;
  if (serverDefault) return { policy: serverDefault, source: 'server-default' };
  return { policy: settings.policy.defaultPolicy, source: 'default' };
}
