/**
 * Where server secrets (API keys, tokens) live: the OS keychain when there is one, else a
 * 0600 file. Config files only hold `${secret:NAME}` references (see secret-references.ts).
 * Every secret is one account under the service "switchboard": `<server>/<key>`, or
 * `<server>/<key>#<profile>` for a value that applies to one profile only.
 */
import { z } from 'zod';
import { ServerNameSchema } from '../config/servers-config.ts';

/** The keychain service (macOS Keychain, Secret Service, Windows Credential Manager) we use. */
export const SECRET_SERVICE = 'switchboard';

export type SecretStoreKind = 'keychain' | 'file';

export interface SecretStore {
  readonly kind: SecretStoreKind;
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
  has(account: string): Promise<boolean>;
  /** Account names only, sorted; values never leave the store this way. */
  list(): Promise<string[]>;
}

/** A key names an env var or an HTTP header, so it keeps to what both allow (and never "/" or "#"). */
export const SecretKeySchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/,
    'use letters, digits, "_" or "-", starting with a letter or "_" (like an env var or header name)',
  );

/** Any setting, env or header name made usable as a secret key (`2FA.code` → `_2FA_code`). */
export function toSecretKey(name: string): string {
  if (SecretKeySchema.safeParse(name).success) return name;
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 127);
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** Same alphabet as server names: profiles show up in accounts, so "/" and "#" stay out. */
export const SecretProfileSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use letters, digits, "_", "." or "-" (at most 64)');

export class SecretNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretNameError';
  }
}

function check(schema: z.ZodType<string>, what: string, value: string): void {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new SecretNameError(
      `${what} ${JSON.stringify(value)} is not usable: ${result.error.issues[0]!.message}`,
    );
}

/** The account for one secret: `<server>/<key>` or `<server>/<key>#<profile>`. */
export function secretAccount(server: string, key: string, profile?: string): string {
  check(ServerNameSchema, 'server name', server);
  check(SecretKeySchema, 'secret name', key);
  if (profile === undefined) return `${server}/${key}`;
  check(SecretProfileSchema, 'profile name', profile);
  return `${server}/${key}#${profile}`;
}

export type ParsedSecretAccount = { server: string; key: string; profile?: string };

/** The inverse of secretAccount; undefined for anything it would not have produced. */
export function parseSecretAccount(account: string): ParsedSecretAccount | undefined {
  const match = /^([^/#]+)\/([^/#]+)(?:#([^/#]+))?$/.exec(account);
  if (!match) return undefined;
  const [, server, key, profile] = match as unknown as [string, string, string, string?];
  try {
    secretAccount(server, key, profile);
  } catch {
    return undefined;
  }
  return profile === undefined ? { server, key } : { server, key, profile };
}

/** Stores refuse to write accounts that secretAccount could not have made (typos, injection). */
export function assertSecretAccount(account: string): void {
  if (!parseSecretAccount(account))
    throw new SecretNameError(
      `secret account ${JSON.stringify(account)} is not of the form "<server>/<key>" or "<server>/<key>#<profile>"`,
    );
}
