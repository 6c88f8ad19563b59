import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../electron/gateway/secrets/file-secret-store.ts';
import {
  findSecretReferences,
  listSecretReferences,
  resolveSecretReferences,
  SecretReferenceError,
  secretReferenceStatus,
  SecretValueRegistry,
} from '../../electron/gateway/secrets/secret-references.ts';

async function storeWith(secrets: Record<string, string>): Promise<FileSecretStore> {
  const store = new FileSecretStore(mkdtempSync(join(tmpdir(), 'switchboard-refs-')));
  for (const [account, value] of Object.entries(secrets)) await store.set(account, value);
  return store;
}

describe('finding secret references', () => {
  it('finds whole and embedded references in env and headers, each name once', () => {
    const spec = {
      env: { GITHUB_TOKEN: '${secret:GITHUB_TOKEN}', PLAIN: 'x', BOTH: '${secret:A}:${secret:B}' },
      headers: { Authorization: 'Bearer ${secret:GITHUB_TOKEN}', 'X-Other': '$secret:NOT' },
    };
    expect(findSecretReferences(spec)).toEqual(['GITHUB_TOKEN', 'A', 'B']);
    expect(listSecretReferences(spec)).toContainEqual({
      field: 'headers',
      key: 'Authorization',
      name: 'GITHUB_TOKEN',
    });
    expect(findSecretReferences({ env: { A: '${SECRET}', B: '$' } })).toEqual([]);
    expect(findSecretReferences({})).toEqual([]);
  });

  it('rejects a malformed name, naming the field', () => {
    expect(() => findSecretReferences({ env: { TOKEN: '${secret:my token}' } })).toThrow(
      /env\.TOKEN: "\$\{secret:my token\}" is not a usable secret name/,
    );
    expect(() => findSecretReferences({ headers: { A: '${secret:}' } })).toThrow(
      SecretReferenceError,
    );
  });
});

describe('resolving secret references', () => {
  it('substitutes whole and embedded values, leaving other entries and the input alone', async () => {
    const store = await storeWith({ 'gh/TOKEN': 'ghp_$&abc', 'gh/USER': 'octo' });
    const spec = {
      env: { TOKEN: '${secret:TOKEN}', WHO: '${secret:USER}@${secret:USER}', MODE: 'fast' },
      headers: { Authorization: 'Bearer ${secret:TOKEN}' },
    };
    const resolved = await resolveSecretReferences(spec, { server: 'gh', store });
    expect(resolved).toEqual({
      env: { TOKEN: 'ghp_$&abc', WHO: 'octo@octo', MODE: 'fast' },
      headers: { Authorization: 'Bearer ghp_$&abc' },
    });
    expect(spec.env.TOKEN).toBe('${secret:TOKEN}');
  });

  it('prefers the per-profile account and falls back to the shared one', async () => {
    const store = await storeWith({
      'gh/TOKEN': 'shared-token',
      'gh/TOKEN#work': 'work-token',
      'gh/USER': 'shared-user',
    });
    const spec = { env: { T: '${secret:TOKEN}', U: '${secret:USER}' } };
    expect(
      (await resolveSecretReferences(spec, { server: 'gh', profile: 'work', store })).env,
    ).toEqual({ T: 'work-token', U: 'shared-user' });
    expect(
      (await resolveSecretReferences(spec, { server: 'gh', profile: 'home', store })).env,
    ).toEqual({ T: 'shared-token', U: 'shared-user' });
    expect((await resolveSecretReferences(spec, { server: 'gh', store })).env.T).toBe(
      'shared-token',
    );
    expect(await secretReferenceStatus(spec, { server: 'gh', profile: 'work', store })).toEqual([
      { name: 'TOKEN', account: 'gh/TOKEN#work' },
      { name: 'USER', account: 'gh/USER' },
    ]);
  });

  it('reports every missing secret with server, key and how to set it', async () => {
    const store = await storeWith({ 'gh/USER': 'octo' });
    const spec = {
      env: { U: '${secret:USER}', T: '${secret:TOKEN}' },
      headers: { K: '${secret:KEY}' },
    };
    const error = (await resolveSecretReferences(spec, {
      server: 'gh',
      profile: 'work',
      store,
    }).catch((caught: unknown) => caught)) as SecretReferenceError;
    expect(error).toBeInstanceOf(SecretReferenceError);
    expect(error.server).toBe('gh');
    expect(error.keys).toEqual(['TOKEN', 'KEY']);
    expect(error.message).toMatch(/server "gh" refers to secrets TOKEN, KEY that are not set/);
    expect(error.message).toContain('gh/TOKEN#work or gh/TOKEN');
    expect(error.message).toContain('switchboard secrets set gh TOKEN');
    expect(error.message).toContain('switchboard secrets set gh KEY --profile work');
    expect(error.message).toContain('the secrets file');
    expect(error.message).not.toContain('octo');
  });

  it('refuses a header that would carry a line break', async () => {
    const store = await storeWith({ 'gh/TOKEN': 'abc\r\nX-Evil: 1' });
    await expect(
      resolveSecretReferences(
        { headers: { A: 'Bearer ${secret:TOKEN}' } },
        { server: 'gh', store },
      ),
    ).rejects.toThrow(/header A would contain a line break/);
  });

  it('remembers resolved values in the registry for redaction', async () => {
    const store = await storeWith({ 'gh/TOKEN': 'ghp_secret"value', 'gh/USER': 'octo' });
    const registry = new SecretValueRegistry();
    await resolveSecretReferences(
      { env: { T: '${secret:TOKEN}', U: '${secret:USER}' } },
      { server: 'gh', store, registry },
    );
    expect(registry.size).toBe(2);
    expect(registry.redact('token=ghp_secret"value user=octo')).toBe(
      'token=[redacted] user=[redacted]',
    );
    // The JSON-escaped form is caught too, as it appears in serialised arguments.
    expect(registry.redact(JSON.stringify({ t: 'ghp_secret"value' }))).toBe('{"t":"[redacted]"}');
    expect(registry.redactDeep({ args: ['octo!', { octo: 1, n: 2 }] })).toEqual({
      args: ['[redacted]!', { '[redacted]': 1, n: 2 }],
    });
    expect(registry.contains('hi octo')).toBe(true);
    expect(registry.contains('hello')).toBe(false);
    expect(JSON.stringify(registry)).toBe('{"size":2}');
  });
});

describe('SecretValueRegistry', () => {
  it('redacts the longest match first and treats values literally', () => {
    const registry = new SecretValueRegistry();
    registry.remember('abc');
    registry.remember('abcdef');
    registry.remember('a.c*');
    registry.remember('');
    expect(registry.size).toBe(3);
    expect(registry.redact('abcdef abc a.c* axc')).toBe('[redacted] [redacted] [redacted] axc');
    expect(new SecretValueRegistry().redact('abc')).toBe('abc');
  });
});
