import { describe, expect, it } from 'vitest';
import {
  assertSecretAccount,
  parseSecretAccount,
  SecretNameError,
  secretAccount,
} from '../../electron/gateway/secrets/secret-store.ts';

describe('secret account names', () => {
  it('joins server and key, with an optional profile', () => {
    expect(secretAccount('github', 'GITHUB_TOKEN')).toBe('github/GITHUB_TOKEN');
    expect(secretAccount('my.api-1', 'X-Api-Key', 'work')).toBe('my.api-1/X-Api-Key#work');
  });

  it('accepts keys shaped like env vars or header names', () => {
    for (const key of ['TOKEN', '_private', 'api_key2', 'Authorization', 'X-Api-Key'])
      expect(() => secretAccount('s', key)).not.toThrow();
  });

  it.each([
    ['server with a slash', 'a/b', 'TOKEN', undefined],
    ['server with "__"', 'a__b', 'TOKEN', undefined],
    ['empty server', '', 'TOKEN', undefined],
    ['key with a space', 's', 'MY TOKEN', undefined],
    ['key starting with a digit', 's', '1TOKEN', undefined],
    ['key with "#"', 's', 'TOKEN#x', undefined],
    ['key with "$"', 's', '$TOKEN', undefined],
    ['profile with "#"', 's', 'TOKEN', 'a#b'],
    ['profile with a slash', 's', 'TOKEN', 'a/b'],
    ['empty profile', 's', 'TOKEN', ''],
  ])('rejects a %s, naming what was wrong', (_label, server, key, profile) => {
    expect(() => secretAccount(server, key, profile)).toThrow(SecretNameError);
    expect(() => secretAccount(server, key, profile)).toThrow(/name .* is not usable/);
  });

  it('parses what it made, and nothing else', () => {
    expect(parseSecretAccount('github/TOKEN')).toEqual({ server: 'github', key: 'TOKEN' });
    expect(parseSecretAccount('github/TOKEN#work')).toEqual({
      server: 'github',
      key: 'TOKEN',
      profile: 'work',
    });
    for (const bad of ['github', 'github/', '/TOKEN', 'a/b/c', 'a/B#', 'a/B#c#d', 'a/1B'])
      expect(parseSecretAccount(bad)).toBeUndefined();
    expect(() => assertSecretAccount('switchboard-probe')).toThrow(SecretNameError);
    expect(() => assertSecretAccount('github/TOKEN#work')).not.toThrow();
  });
});
