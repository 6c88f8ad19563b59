import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FileSecretStore,
  SecretFileError,
} from '../../electron/gateway/secrets/file-secret-store.ts';
import { SecretNameError } from '../../electron/gateway/secrets/secret-store.ts';

const posix = process.platform !== 'win32';

function freshDir(): string {
  // A data dir that does not exist yet: the store must create it.
  return join(mkdtempSync(join(tmpdir(), 'switchboard-secrets-')), 'data');
}

describe('FileSecretStore', () => {
  it('round-trips values, and a new instance reads what the last one wrote', async () => {
    const dir = freshDir();
    const store = new FileSecretStore(dir);
    expect(store.kind).toBe('file');
    expect(await store.get('github/TOKEN')).toBeUndefined();
    expect(await store.has('github/TOKEN')).toBe(false);
    await store.set('github/TOKEN', 'ghp_first');
    await store.set('github/TOKEN', 'ghp_second');
    await store.set('github/TOKEN#work', 'ghp_work');
    expect(await store.get('github/TOKEN')).toBe('ghp_second');
    expect(await store.has('github/TOKEN#work')).toBe(true);

    const again = new FileSecretStore(dir);
    expect(await again.get('github/TOKEN#work')).toBe('ghp_work');
    expect(await again.delete('github/TOKEN')).toBe(true);
    expect(await again.delete('github/TOKEN')).toBe(false);
    expect(await again.list()).toEqual(['github/TOKEN#work']);
    expect(await again.get('constructor')).toBeUndefined(); // no prototype leaks
  });

  it.runIf(posix)('creates the file with mode 0600 and tightens a looser one', async () => {
    const store = new FileSecretStore(freshDir());
    await store.set('s/KEY', 'v');
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    chmodSync(store.file, 0o644);
    expect(await store.get('s/KEY')).toBe('v');
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
  });

  it('lists accounts, never values', async () => {
    const store = new FileSecretStore(freshDir());
    await store.set('b/KEY', 'value-b-secret');
    await store.set('a/KEY', 'value-a-secret');
    const listed = await store.list();
    expect(listed).toEqual(['a/KEY', 'b/KEY']);
    expect(JSON.stringify(listed)).not.toContain('secret');
  });

  it('keeps every write when sets overlap, and leaves no temp files', async () => {
    const store = new FileSecretStore(freshDir());
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`s/KEY_${i}`, `v${i}`)));
    expect(await store.list()).toHaveLength(20);
    const dir = join(store.file, '..');
    expect(readdirSync(dir)).toEqual(['secrets.json']);
    expect(JSON.parse(readFileSync(store.file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('names the file when it is not JSON, without quoting its contents', async () => {
    const store = new FileSecretStore(freshDir());
    await store.set('s/KEY', 'v');
    writeFileSync(store.file, '{"version":1,"secrets":{"s/KEY":"hunter2-secret"', { mode: 0o600 });
    const error = await store.get('s/KEY').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretFileError);
    expect((error as Error).message).toContain(store.file);
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('names the file and the key when the shape is wrong', async () => {
    const store = new FileSecretStore(freshDir());
    await store.set('s/KEY', 'v');
    writeFileSync(store.file, JSON.stringify({ version: 1, secrets: { 's/KEY': 42 } }));
    await expect(store.list()).rejects.toThrow(SecretFileError);
    await expect(store.list()).rejects.toThrow(`${store.file}: "secrets.s/KEY"`);
    writeFileSync(store.file, JSON.stringify({ secrets: {} }));
    await expect(store.set('s/OTHER', 'x')).rejects.toThrow(`${store.file}: "version"`);
  });

  it('refuses accounts secretAccount would not make', async () => {
    const store = new FileSecretStore(freshDir());
    await expect(store.set('no-slash', 'v')).rejects.toThrow(SecretNameError);
  });
});
