/**
 * Against a REAL Secret Service: run through scripts/with-keyring.sh, which starts a private
 * D-Bus session and an unlocked gnome-keyring in a scratch HOME. Outside it these tests skip,
 * so they can never write into a developer's own keychain.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  KeychainSecretStore,
  loadKeychain,
} from '../../electron/gateway/secrets/keychain-secret-store.ts';
import { openSecretStore } from '../../electron/gateway/secrets/open-secret-store.ts';
import { resolveSecretReferences } from '../../electron/gateway/secrets/secret-references.ts';
import { secretAccount } from '../../electron/gateway/secrets/secret-store.ts';

const inScratchKeyring = Boolean(process.env.SWITCHBOARD_TEST_KEYRING);

describe.runIf(inScratchKeyring)('KeychainSecretStore on a real Secret Service', () => {
  const created: string[] = [];
  afterEach(async () => {
    const store = new KeychainSecretStore(await loadKeychain());
    for (const account of created.splice(0)) await store.delete(account);
  });

  it('sets, gets, lists and deletes through the keychain binding', async () => {
    const store = new KeychainSecretStore(await loadKeychain());
    expect(store.kind).toBe('keychain');
    const account = secretAccount('github', 'TOKEN');
    const perProfile = secretAccount('github', 'TOKEN', 'work');
    created.push(account, perProfile);

    expect(await store.get(account)).toBeUndefined();
    expect(await store.has(account)).toBe(false);
    await store.set(account, 'ghp_first');
    await store.set(account, 'ghp_second'); // overwrites, not a second item
    await store.set(perProfile, 'ghp_work ünïcode ✓');
    expect(await store.get(account)).toBe('ghp_second');
    expect(await store.get(perProfile)).toBe('ghp_work ünïcode ✓');
    expect(await store.has(perProfile)).toBe(true);

    const listed = await store.list();
    expect(listed).toEqual(expect.arrayContaining([account, perProfile]));
    expect(JSON.stringify(listed)).not.toContain('ghp_');

    expect(await store.delete(account)).toBe(true);
    expect(await store.delete(account)).toBe(false);
    expect(await store.get(account)).toBeUndefined();
    expect(await store.list()).not.toContain(account);
  });

  it('keeps values across store instances (they live in the keyring, not in us)', async () => {
    const account = secretAccount('remote', 'X-Api-Key');
    created.push(account);
    await new KeychainSecretStore(await loadKeychain()).set(account, 'k-123');
    const fresh = new KeychainSecretStore(await loadKeychain());
    expect(await fresh.get(account)).toBe('k-123');
    const resolved = await resolveSecretReferences(
      { headers: { 'X-Api-Key': 'Key ${secret:X-Api-Key}' } },
      { server: 'remote', store: fresh },
    );
    expect(resolved.headers).toEqual({ 'X-Api-Key': 'Key k-123' });
  });

  it('writes to the Secret Service (the gnome-keyring file), not the in-memory kernel keyring', async () => {
    const keyringFile = join(process.env.XDG_DATA_HOME!, 'keyrings', 'login.keyring');
    const account = secretAccount('persisted', 'TOKEN');
    created.push(account);
    const before = readFileSync(keyringFile);
    await new KeychainSecretStore(await loadKeychain()).set(account, 'survives-a-reboot');
    const after = readFileSync(keyringFile);
    expect(after.equals(before)).toBe(false);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.includes('survives-a-reboot')).toBe(false); // encrypted at rest
  });

  it('openSecretStore picks the keychain, quietly', async () => {
    const warnings: string[] = [];
    const infos: string[] = [];
    const store = await openSecretStore({
      dataDir: mkdtempSync(join(tmpdir(), 'switchboard-keychain-')),
      log: { warn: (m) => warnings.push(m), info: (m) => infos.push(m) },
      env: { SWITCHBOARD_SECRET_STORE: 'keychain' },
    });
    expect(store.kind).toBe('keychain');
    expect(warnings).toEqual([]);
    expect(infos.join('\n')).toMatch(/OS keychain/);
    const auto = await openSecretStore({
      dataDir: mkdtempSync(join(tmpdir(), 'switchboard-keychain-')),
      log: { warn: (m) => warnings.push(m), info: () => {} },
      env: {},
    });
    expect(auto.kind).toBe('keychain');
    expect(warnings).toEqual([]);
  });
});
