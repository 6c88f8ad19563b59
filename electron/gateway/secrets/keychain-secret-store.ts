/** Secrets in the OS keychain through keytar (Keychain, Secret Service, Credential Manager). */
import { assertSecretAccount, SECRET_SERVICE, type SecretStore } from './secret-store.ts';

/** The four keytar calls we use: small enough to fake, and all keytar ever sees of us. */
export type KeytarFacade = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
};

/**
 * keytar is a native module: loaded lazily so a missing or mis-built binary becomes a reason to
 * fall back to the file store rather than a crash when the gateway module is imported.
 */
export async function loadKeytar(): Promise<KeytarFacade> {
  const loaded = (await import('keytar')) as KeytarFacade & { default?: KeytarFacade };
  const keytar = loaded.default ?? loaded;
  return {
    getPassword: (service, account) => keytar.getPassword(service, account),
    setPassword: (service, account, password) => keytar.setPassword(service, account, password),
    deletePassword: (service, account) => keytar.deletePassword(service, account),
    findCredentials: (service) => keytar.findCredentials(service),
  };
}

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly #keytar: KeytarFacade;
  readonly #service: string;

  constructor(keytar: KeytarFacade, service: string = SECRET_SERVICE) {
    this.#keytar = keytar;
    this.#service = service;
  }

  async get(account: string): Promise<string | undefined> {
    return (await this.#keytar.getPassword(this.#service, account)) ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    assertSecretAccount(account);
    await this.#keytar.setPassword(this.#service, account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.#keytar.deletePassword(this.#service, account);
  }

  async has(account: string): Promise<boolean> {
    return (await this.get(account)) !== undefined;
  }

  async list(): Promise<string[]> {
    // keytar has no "accounts only" call: the values pass through here and are dropped at once.
    const credentials = await this.#keytar.findCredentials(this.#service);
    return [...new Set(credentials.map((credential) => credential.account))].sort();
  }
}
