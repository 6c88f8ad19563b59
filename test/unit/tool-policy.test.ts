import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../electron/gateway/config/settings.ts';
import {
  profileFor,
  profileIncludes,
  resolveToolPolicy,
} from '../../electron/gateway/policy/tool-policy.ts';

const settings = SettingsSchema.parse({
  servers: { fresh: { defaultPolicy: 'ask' } },
  policy: { defaultPolicy: 'allow' },
  profiles: { work: { servers: ['fs'], tools: { fs: { write_file: 'deny', read_file: 'ask' } } } },
});

describe('tool policy resolution', () => {
  it('prefers the profile, then annotations, then the server default, then the global default', () => {
    expect(resolveToolPolicy(settings, 'work', 'fs', 'write_file', { readOnlyHint: true })).toEqual(
      { policy: 'deny', source: 'profile' },
    );
    expect(resolveToolPolicy(settings, 'work', 'fs', 'list', { readOnlyHint: true })).toEqual({
      policy: 'allow',
      source: 'annotation',
    });
    expect(resolveToolPolicy(settings, 'work', 'fs', 'rm', { destructiveHint: true })).toEqual({
      policy: 'ask',
      source: 'annotation',
    });
    expect(resolveToolPolicy(settings, 'default', 'fresh', 'x', undefined)).toEqual({
      policy: 'ask',
      source: 'server-default',
    });
    expect(resolveToolPolicy(settings, 'default', 'other', 'x', {})).toEqual({
      policy: 'allow',
      source: 'default',
    });
  });

  it('always has a default profile with every server; an unknown profile has none', () => {
    expect(profileIncludes(profileFor(settings, 'default'), 'anything')).toBe(true);
    expect(profileIncludes(profileFor(settings, 'work'), 'fs')).toBe(true);
    expect(profileIncludes(profileFor(settings, 'work'), 'memory')).toBe(false);
    expect(profileIncludes(profileFor(settings, 'deleted'), 'fs')).toBe(false);
  });
});
