/**
 * Switchboard's servers as an `mcpServers` document, for another machine or another client.
 * Secrets leave as `${secret:KEY}` references, never values: references stay as they are, and
 * a literal value under a secret-looking key is replaced by one and named in `redacted`.
 */
import type { ServersExport } from '../../../shared/client-configs.ts';
import { toSecretKey } from '../secrets/secret-store.ts';
import { findLiteralSecrets } from './literal-secrets.ts';

type Entry = Record<string, unknown>;

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter(([, v]) => typeof v === 'string');
  return Object.fromEntries(entries) as Record<string, string>;
}

export function exportServers(entries: Record<string, Entry>): ServersExport {
  const mcpServers: Record<string, Entry> = {};
  const redacted: string[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const copy: Entry = structuredClone(entry);
    const holder = { env: stringRecord(entry.env), headers: stringRecord(entry.headers) };
    for (const { field, key } of findLiteralSecrets(holder)) {
      (copy[field] as Record<string, string>)[key] = `\${secret:${toSecretKey(key)}}`;
      redacted.push(`${name}.${field}.${key}`);
    }
    mcpServers[name] = copy;
  }
  return { document: { mcpServers }, redacted };
}
