/**
 * Secrets in the OS keychain through @napi-rs/keyring (the keyring-rs binding: macOS Keychain,
 * Windows Credential Manager, Secret Service over D-Bus on Linux). It ships prebuilt N-API
 * binaries as npm packages, so nothing compiles on install and the same binary loads in Electron.
 */
import { assertSecretAccount, SECRET_SERVICE, type SecretStore } from './secret-store.ts';

/** The four keychain calls we use: small enough to fake, and all the binding ever sees of us. */
export type KeychainFacade = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  /** The accounts stored under `service` (never their values). */
  findAccounts(service: string): Promise<string[]>;
};

/**
 * The binding is a native module: loaded lazily so a missing binary (an unsupported platform)
 * becomes a reason to fall back to the file store rather than a crash at import time.
 */
export async function loadKeychain(): Promise<KeychainFacade> {
  const { AsyncEntry, findCredentialsAsync } = await import('@napi-rs/keyring');
  // On Linux keyring-rs could also pick the kernel keyutils store, which forgets everything at
  // reboot: pin the Secret Service, where keytar kept secrets too.
  const options = { linux: { store: 'secret-service' as const } };
  const entry = (service: string, account: string) => new AsyncEntry(service, account, options);
  return {
    getPassword: (service, account) => entry(service, account).getPassword(),
    setPassword: (service, account, password) => entry(service, account).setPassword(password),
    deletePassword: (service, account) => entry(service, account).deletePassword(),
    findAccounts: async (service) =>
      (await findCredentialsAsync(service)).map((credential) => credential.account),
  };
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly #keychain: KeychainFacade;
  readonly #service: string;

  constructor(keychain: KeychainFacade, service: string = SECRET_SERVICE) {
    this.#keychain = keychain;
    this.#service = service;
  }

  async get(account: string): Promise<string | undefined> {
    return (await this.#keychain.getPassword(this.#service, account)) ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    assertSecretAccount(account);
    await this.#keychain.setPassword(this.#service, account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.#keychain.deletePassword(this.#service, account);
  }

  async has(account: string): Promise<boolean> {
    return (await this.get(account)) !== undefined;
  }

  async list(): Promise<string[]> {
    return [...new Set(await this.#keychain.findAccounts(this.#service))].sort();
  }
}
