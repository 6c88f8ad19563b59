import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  openSecretStore,
  SecretStoreUnavailableError,
} from '../../electron/gateway/secrets/open-secret-store.ts';

const MODULE = pathToFileURL(
  join(import.meta.dirname, '../../electron/gateway/secrets/open-secret-store.ts'),
).href;

type Outcome = { kind?: string; error?: string; warnings: string[]; infos: string[] };

/**
 * Opens the store in a child whose session bus points at a socket that does not exist: the
 * real keychain binding's D-Bus path, failing the way it does on a headless box.
 */
async function openInChild(
  extraEnv: Record<string, string>,
): Promise<Outcome & { dataDir: string }> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'switchboard-open-')), 'data');
  const script = `
    import { openSecretStore } from ${JSON.stringify(MODULE)};
    const warnings = [], infos = [];
    const log = { warn: (m) => warnings.push(m), info: (m) => infos.push(m) };
    try {
      const store = await openSecretStore({ dataDir: process.env.TEST_DATA_DIR, log });
      console.log(JSON.stringify({ kind: store.kind, warnings, infos }));
    } catch (error) {
      console.log(JSON.stringify({ error: error.name + ': ' + error.message, warnings, infos }));
    }`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dataDir,
    TEST_DATA_DIR: dataDir,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-such-bus')}`,
    ...extraEnv,
  };
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script],
    { env, timeout: 30_000 },
  );
  return { ...(JSON.parse(stdout) as Outcome), dataDir };
}

describe.runIf(process.platform === 'linux')('openSecretStore without a Secret Service', () => {
  it('falls back to the file store, loudly: why, where, and who can read it', async () => {
    const outcome = await openInChild({});
    expect(outcome.kind).toBe('file');
    expect(outcome.warnings).toHaveLength(1);
    const warning = outcome.warnings[0]!;
    expect(warning).toMatch(/WARNING: no OS keychain is available/);
    expect(warning).toMatch(/Why: +the keychain is not reachable \(.+\)/);
    expect(warning).toContain(join(outcome.dataDir, 'secrets.json'));
    expect(warning).toMatch(/readable only by this user \(mode 0600\) but NOT encrypted/);
  });

  it('fails clearly when the keychain is forced but missing', async () => {
    const outcome = await openInChild({ SWITCHBOARD_SECRET_STORE: 'keychain' });
    expect(outcome.kind).toBeUndefined();
    expect(outcome.error).toMatch(
      /^SecretStoreUnavailableError: SWITCHBOARD_SECRET_STORE=keychain, but the keychain is not reachable/,
    );
  });
});

describe('openSecretStore overrides', () => {
  const log = () => {
    const lines = { warn: [] as string[], info: [] as string[] };
    return {
      lines,
      log: { warn: (m: string) => lines.warn.push(m), info: (m: string) => lines.info.push(m) },
    };
  };

  it('SWITCHBOARD_SECRET_STORE=file picks the file store, and still says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-open-'));
    const { lines, log: sink } = log();
    const store = await openSecretStore({
      dataDir,
      log: sink,
      env: { SWITCHBOARD_SECRET_STORE: 'file' },
    });
    expect(store.kind).toBe('file');
    expect(lines.warn.join('\n')).toContain(join(dataDir, 'secrets.json'));
    await store.set('s/KEY', 'v');
    expect(await store.get('s/KEY')).toBe('v');
  });

  it('rejects an unknown override value', async () => {
    const { log: sink } = log();
    await expect(
      openSecretStore({ dataDir: tmpdir(), log: sink, env: { SWITCHBOARD_SECRET_STORE: 'vault' } }),
    ).rejects.toThrow(SecretStoreUnavailableError);
  });

  it('treats a keychain that never answers as unavailable after the timeout', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-open-'));
    const { lines, log: sink } = log();
    const never = () => new Promise<never>(() => {});
    const hanging = {
      getPassword: never,
      setPassword: never,
      deletePassword: never,
      findAccounts: never,
    };
    const store = await openSecretStore({
      dataDir,
      log: sink,
      env: {},
      probeTimeoutMs: 50,
      loadKeychain: async () => hanging,
    });
    expect(store.kind).toBe('file');
    expect(lines.warn[0]).toMatch(/did not answer within 50 ms/);
  });

  it('says why when the keychain module cannot load', async () => {
    const { lines, log: sink } = log();
    const store = await openSecretStore({
      dataDir: mkdtempSync(join(tmpdir(), 'switchboard-open-')),
      log: sink,
      env: {},
      loadKeychain: () => Promise.reject(new Error('keyring.linux-x64-gnu.node: wrong ELF class')),
    });
    expect(store.kind).toBe('file');
    expect(lines.warn[0]).toMatch(
      /keychain module could not be loaded \(keyring.linux-x64-gnu.node: wrong ELF class\)/,
    );
  });
});
