/**
 * Config files hold references, never secrets: an env or header value may contain
 * `${secret:NAME}` (whole, or embedded as in "Bearer ${secret:TOKEN}"). They are resolved from
 * the store at spawn/connect time only, and every resolved value is remembered in a
 * SecretValueRegistry so logs can redact it.
 */
import { SecretKeySchema, secretAccount, type SecretStore } from './secret-store.ts';

/** Anything with env and/or headers: both ServerSpec kinds fit. */
export type SecretReferenceHolder = {
  env?: Record<string, string>;
  headers?: Record<string, string>;
};

export type SecretReference = { field: 'env' | 'headers'; key: string; name: string };

const REFERENCE = /\$\{secret:([^}]*)\}/g;

export class SecretReferenceError extends Error {
  readonly server: string | undefined;
  /** The secret names involved (never values). */
  readonly keys: string[];

  constructor(message: string, server: string | undefined, keys: string[]) {
    super(message);
    this.name = 'SecretReferenceError';
    this.server = server;
    this.keys = keys;
  }
}

/** Every reference with where it sits; a malformed name is an error naming the field. */
export function listSecretReferences(holder: SecretReferenceHolder): SecretReference[] {
  const found: SecretReference[] = [];
  for (const field of ['env', 'headers'] as const) {
    for (const [key, value] of Object.entries(holder[field] ?? {})) {
      for (const match of value.matchAll(REFERENCE)) {
        const name = match[1]!;
        if (!SecretKeySchema.safeParse(name).success)
          throw new SecretReferenceError(
            `${field}.${key}: "\${secret:${name}}" is not a usable secret name (use letters, digits, "_" or "-", like an env var)`,
            undefined,
            [name],
          );
        found.push({ field, key, name });
      }
    }
  }
  return found;
}

/** The distinct secret names a spec refers to, in order of first use. */
export function findSecretReferences(holder: SecretReferenceHolder): string[] {
  return [...new Set(listSecretReferences(holder).map((reference) => reference.name))];
}

/** How to fix a missing secret; one place, so the CLI/UI wording can change with it. */
export function secretSetHint(server: string, name: string, profile?: string): string {
  return `switchboard secrets set ${server} ${name}${profile ? ` --profile ${profile}` : ''}`;
}

export type ResolveOptions = {
  server: string;
  profile?: string;
  store: SecretStore;
  /** Remembers each resolved value so call logs can redact it. */
  registry?: SecretValueRegistry;
};

export type ResolvedSecrets = { env: Record<string, string>; headers: Record<string, string> };

/**
 * New env/headers with every reference replaced. The per-profile account `server/NAME#profile`
 * wins over `server/NAME`. All missing names are reported together, with how to set them.
 */
export async function resolveSecretReferences(
  holder: SecretReferenceHolder,
  options: ResolveOptions,
): Promise<ResolvedSecrets> {
  const { server, profile, store, registry } = options;
  const values = new Map<string, string>();
  const missing: string[] = [];
  for (const name of findSecretReferences(holder)) {
    const { value } = await candidates(server, name, profile, store);
    if (value === undefined) missing.push(name);
    else values.set(name, value);
  }
  if (missing.length > 0) {
    const where = store.kind === 'keychain' ? 'the OS keychain' : 'the secrets file';
    const lines = missing.map((name) => {
      const tried = profile
        ? `${server}/${name}#${profile} or ${server}/${name}`
        : `${server}/${name}`;
      const perProfile = profile
        ? ` (for profile "${profile}" only: ${secretSetHint(server, name, profile)})`
        : '';
      return `  ${name}: not in ${where} as ${tried}; set it with: ${secretSetHint(server, name)}${perProfile}`;
    });
    throw new SecretReferenceError(
      `server "${server}" refers to secret${missing.length === 1 ? '' : 's'} ${missing.join(', ')} that ${missing.length === 1 ? 'is' : 'are'} not set:\n${lines.join('\n')}`,
      server,
      missing,
    );
  }
  for (const value of values.values()) registry?.remember(value);
  const substitute = (field: 'env' | 'headers'): Record<string, string> =>
    Object.fromEntries(
      Object.entries(holder[field] ?? {}).map(([key, value]) => {
        // A replacer function, so "$&" and friends inside a secret are taken literally.
        const resolved = value.replace(REFERENCE, (_match, name: string) => values.get(name)!);
        if (field === 'headers' && resolved !== value && /[\r\n\0]/.test(resolved))
          throw new SecretReferenceError(
            `server "${server}": header ${key} would contain a line break or NUL after inserting its secret`,
            server,
            findSecretReferences({ headers: { [key]: value } }),
          );
        return [key, resolved];
      }),
    );
  return { env: substitute('env'), headers: substitute('headers') };
}

export type SecretReferenceStatus = { name: string; account: string | undefined };

/** For status views: each referenced name and the account that would supply it (if any). */
export async function secretReferenceStatus(
  holder: SecretReferenceHolder,
  options: Omit<ResolveOptions, 'registry'>,
): Promise<SecretReferenceStatus[]> {
  const status: SecretReferenceStatus[] = [];
  for (const name of findSecretReferences(holder)) {
    const account = (await candidates(options.server, name, options.profile, options.store)).found;
    status.push({ name, account });
  }
  return status;
}

/** Tries `server/NAME#profile`, then `server/NAME`; returns the first that holds a value. */
async function candidates(
  server: string,
  name: string,
  profile: string | undefined,
  store: SecretStore,
): Promise<{ found: string | undefined; value: string | undefined }> {
  const accounts = profile
    ? [secretAccount(server, name, profile), secretAccount(server, name)]
    : [secretAccount(server, name)];
  for (const account of accounts) {
    const value = await store.get(account);
    if (value !== undefined) return { found: account, value };
  }
  return { found: undefined, value: undefined };
}

const REDACTED = '[redacted]';

/**
 * Every secret value resolved in this process, kept only to redact logs: it can say whether
 * text holds one and replace them, but never hands the values out (nor serialises them).
 */
export class SecretValueRegistry {
  readonly #values = new Set<string>();
  #pattern: RegExp | undefined;

  remember(value: string): void {
    if (value === '' || this.#values.has(value)) return;
    this.#values.add(value);
    this.#pattern = undefined;
  }

  /** For the call log's redactor only (engine-internal): values are never sent anywhere. */
  valuesForRedaction(): Iterable<string> {
    return this.#values;
  }

  get size(): number {
    return this.#values.size;
  }

  /** Replaces each known value, and its JSON-escaped form, with "[redacted]". */
  redact(text: string): string {
    const pattern = this.#compile();
    return pattern ? text.replace(pattern, REDACTED) : text;
  }

  /** Redacts every string (keys included) in a JSON-like value, returning a copy. */
  redactDeep<T>(value: T): T {
    if (!this.#compile()) return value;
    const walk = (item: unknown): unknown => {
      if (typeof item === 'string') return this.redact(item);
      if (Array.isArray(item)) return item.map(walk);
      if (item && typeof item === 'object')
        return Object.fromEntries(
          Object.entries(item).map(([key, inner]) => [this.redact(key), walk(inner)]),
        );
      return item;
    };
    return walk(value) as T;
  }

  contains(text: string): boolean {
    const pattern = this.#compile();
    return pattern ? new RegExp(pattern.source).test(text) : false;
  }

  toJSON(): { size: number } {
    return { size: this.size };
  }

  #compile(): RegExp | undefined {
    if (this.#values.size === 0) return undefined;
    if (!this.#pattern) {
      const forms = new Set<string>();
      for (const value of this.#values) {
        forms.add(value);
        forms.add(JSON.stringify(value).slice(1, -1));
      }
      // Longest first, so a secret that contains another is redacted whole.
      const alternatives = [...forms]
        .sort((a, b) => b.length - a.length)
        .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.#pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return this.#pattern;
  }
}
