/**
 * Literal secrets in server entries: env or header values under a key that looks like a
 * secret (TOKEN, API_KEY, Authorization…), not already a `${secret:NAME}` reference (nor any
 * other `${…}` variable the client expands). Moving one stores the value and leaves a reference.
 */
import { secretAccount, toSecretKey } from '../secrets/secret-store.ts';

/** Words that make a key a secret when they stand alone in it (`GITHUB_TOKEN`, `X-Api-Key`). */
const SECRET_WORDS = new Set([
  'token',
  'tokens',
  'key',
  'keys',
  'apikey',
  'secret',
  'secrets',
  'password',
  'passwd',
  'pass',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'pat',
  'bearer',
]);

/** The key's words: split on `_`, `-`, `.` and camelCase. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    .filter(Boolean);
}

export function looksLikeSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (/(token|secret|password|apikey|api_key|credential)/.test(lower)) return true;
  return keyWords(key).some((word) => SECRET_WORDS.has(word));
}

/** A value the client expands (`${secret:X}`, `${env:X}`, `${input:x}`, `${X}`) is no literal. */
export function isLiteralValue(value: string): boolean {
  return value.trim() !== '' && !/\$\{[^}]+\}/.test(value);
}

export type SecretHolder = { env?: Record<string, string>; headers?: Record<string, string> };
export type LiteralSecret = { field: 'env' | 'headers'; key: string };

export function findLiteralSecrets(entry: SecretHolder): LiteralSecret[] {
  const found: LiteralSecret[] = [];
  for (const field of ['env', 'headers'] as const)
    for (const [key, value] of Object.entries(entry[field] ?? {}))
      if (looksLikeSecretKey(key) && isLiteralValue(value)) found.push({ field, key });
  return found;
}

export type MovedSecret = { account: string; name: string; value: string };

/**
 * A copy of the entry with each literal secret replaced by a reference, and the values to
 * store. An `Authorization: Bearer xyz` header keeps its scheme: `Bearer ${secret:Authorization}`.
 */
export function referenceLiteralSecrets<T extends SecretHolder>(
  server: string,
  entry: T,
): { entry: T; moved: MovedSecret[] } {
  const moved: MovedSecret[] = [];
  const next: T = { ...entry };
  for (const { field, key } of findLiteralSecrets(entry)) {
    const values = { ...next[field] };
    const name = toSecretKey(key);
    const raw = values[key]!;
    const scheme = field === 'headers' ? /^(Bearer|Basic|Token)\s+(\S.*)$/i.exec(raw) : null;
    const value = scheme ? scheme[2]! : raw;
    values[key] = scheme ? `${scheme[1]} \${secret:${name}}` : `\${secret:${name}}`;
    next[field] = values;
    moved.push({ account: secretAccount(server, name), name, value });
  }
  return { entry: next, moved };
}
