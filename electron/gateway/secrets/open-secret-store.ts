/**
 * Picks the secret store at startup: the OS keychain when it answers, else the 0600 file with
 * a loud warning (never silently). SWITCHBOARD_SECRET_STORE=file|keychain forces one.
 */
import { FileSecretStore } from './file-secret-store.ts';
import { KeychainSecretStore, type KeychainFacade, loadKeychain } from './keychain-secret-store.ts';
import { SECRET_SERVICE, type SecretStore } from './secret-store.ts';

export const SECRET_STORE_ENV = 'SWITCHBOARD_SECRET_STORE';
export const DEFAULT_PROBE_TIMEOUT_MS = 3_000;

export type SecretStoreLog = { info(message: string): void; warn(message: string): void };

export type OpenSecretStoreOptions = {
  dataDir: string;
  /** `console` will do. */
  log: SecretStoreLog;
  /** Where SWITCHBOARD_SECRET_STORE is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  probeTimeoutMs?: number;
  /** Defaults to the real keychain binding; replaceable so the timeout path can be tested. */
  loadKeychain?: () => Promise<KeychainFacade>;
};

export class SecretStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreUnavailableError';
  }
}

/** An account secretAccount never makes (no "/"), so the probe cannot collide with a secret. */
const PROBE_ACCOUNT = 'switchboard-probe';

export type KeychainProbe = { ok: true; keychain: KeychainFacade } | { ok: false; reason: string };

/**
 * Looks up one absent item: that needs a working keychain connection but, unlike listing,
 * no unlock prompt, so a locked desktop keyring still counts as available.
 */
export async function probeKeychain(
  load: () => Promise<KeychainFacade> = loadKeychain,
  timeoutMs: number = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<KeychainProbe> {
  let keychain: KeychainFacade;
  try {
    keychain = await load();
  } catch (error) {
    return { ok: false, reason: `the keychain module could not be loaded (${message(error)})` };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<KeychainProbe>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `the keychain did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  // The binding may throw synchronously (no Secret Service to pin), so start inside a promise.
  const lookup = Promise.resolve()
    .then(() => keychain.getPassword(SECRET_SERVICE, PROBE_ACCOUNT))
    .then(
      (): KeychainProbe => ({ ok: true, keychain }),
      (error: unknown): KeychainProbe => ({
        ok: false,
        reason: `the keychain is not reachable (${message(error)})`,
      }),
    );
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const { dataDir, log } = options;
  const forced = (options.env ?? process.env)[SECRET_STORE_ENV]?.trim().toLowerCase() || 'auto';
  if (forced !== 'auto' && forced !== 'file' && forced !== 'keychain')
    throw new SecretStoreUnavailableError(
      `${SECRET_STORE_ENV}=${forced} is not understood: use "keychain", "file" or leave it unset`,
    );

  if (forced === 'file') {
    const store = new FileSecretStore(dataDir);
    log.warn(
      `Secrets: using the file ${store.file} because ${SECRET_STORE_ENV}=file. It is readable only by this user (mode 0600) but NOT encrypted.`,
    );
    return store;
  }

  const probe = await probeKeychain(
    options.loadKeychain,
    options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
  );
  if (probe.ok) {
    log.info(`Secrets: using the OS keychain (service "${SECRET_SERVICE}").`);
    return new KeychainSecretStore(probe.keychain);
  }
  if (forced === 'keychain')
    throw new SecretStoreUnavailableError(
      `${SECRET_STORE_ENV}=keychain, but ${probe.reason}. Start a keychain / Secret Service (e.g. gnome-keyring or KWallet) for this session, or unset ${SECRET_STORE_ENV} to allow the file fallback.`,
    );

  const store = new FileSecretStore(dataDir);
  log.warn(
    [
      '',
      '!!! WARNING: no OS keychain is available, so server secrets are stored in a PLAIN FILE !!!',
      `  Why:   ${probe.reason}${hint()}`,
      `  File:  ${store.file}`,
      '  It is readable only by this user (mode 0600) but NOT encrypted: anything running as this',
      '  user, and any backup of it, can read these secrets.',
      '  Fix:   run a Secret Service (gnome-keyring, KWallet) in this session, then restart.',
      `         ${SECRET_STORE_ENV}=keychain refuses this fallback; =file picks the file knowingly.`,
      '',
    ].join('\n'),
  );
  return store;
}

function hint(): string {
  if (process.platform !== 'linux') return '';
  return process.env.DBUS_SESSION_BUS_ADDRESS
    ? ''
    : ' (DBUS_SESSION_BUS_ADDRESS is not set: no desktop session bus)';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
