/**
 * One client's config file, read: its text (kept, so edits touch only what they must), its
 * servers normalised, and each server's state for an import (new, configured, disabled,
 * invalid, or skipped because it already points at Switchboard).
 */
import type { ClientConfigView, FoundServer } from '../../../shared/client-configs.ts';
import { toServerName } from '../config/servers-config.ts';
import { normaliseEntry, pointsAtSwitchboard, type NormalisedEntry } from './client-entries.ts';
import { ClientConfigError, parseConfigText } from './jsonc-document.ts';
import type { KnownClient } from './known-clients.ts';
import { findLiteralSecrets } from './literal-secrets.ts';
import { readIfExists } from './safe-write.ts';

export type ReadServer = FoundServer & { entry?: NormalisedEntry };

export type ClientConfigFile = {
  client: KnownClient;
  file: string;
  /** undefined: there is no such file yet. */
  text: string | undefined;
  /** The parsed document; `{}` for a missing file. */
  document: Record<string, unknown>;
  /** The file's servers, without the ones that lead to Switchboard. */
  servers: ReadServer[];
  /** Names of the entries that already lead to Switchboard. */
  switchboardEntries: string[];
  connected: boolean;
};

function describe(
  sourceName: string,
  raw: unknown,
  client: KnownClient,
  configured: ReadonlySet<string>,
): ReadServer {
  const name = toServerName(sourceName);
  const reading = normaliseEntry(client, raw);
  const base = { name, sourceName, envKeys: [], headerKeys: [], literalSecrets: [] };
  if (!reading.ok)
    return { ...base, transport: 'stdio', state: 'invalid', problem: reading.problem };
  const { entry } = reading;
  const holder = entry.kind === 'stdio' ? { env: entry.env } : { headers: entry.headers };
  const state = reading.disabled ? 'disabled' : configured.has(name) ? 'configured' : 'new';
  return {
    ...base,
    transport: entry.kind,
    ...(entry.kind === 'stdio'
      ? { command: entry.command, ...(entry.args ? { args: entry.args } : {}) }
      : { url: entry.url }),
    envKeys: Object.keys(entry.kind === 'stdio' ? (entry.env ?? {}) : {}),
    headerKeys: Object.keys(entry.kind === 'stdio' ? {} : (entry.headers ?? {})),
    literalSecrets: findLiteralSecrets(holder).map((secret) => secret.key),
    state,
    entry,
  };
}

/** Reads and parses the file; a file that is not valid JSON(C) throws ClientConfigError. */
export async function readClientConfig(
  client: KnownClient,
  file: string,
  configured: ReadonlySet<string>,
  gatewayUrl?: string,
): Promise<ClientConfigFile> {
  const text = await readIfExists(file).catch((error: Error) => {
    throw new ClientConfigError(file, `cannot be read: ${error.message}`);
  });
  const document = text === undefined ? {} : parseConfigText(text, file, { jsonc: client.jsonc });
  const section = document[client.serversKey];
  if (
    section !== undefined &&
    (typeof section !== 'object' || section === null || Array.isArray(section))
  )
    throw new ClientConfigError(file, `"${client.serversKey}" must be an object of servers`);
  const switchboardEntries: string[] = [];
  const servers: ReadServer[] = [];
  for (const [sourceName, raw] of Object.entries((section ?? {}) as Record<string, unknown>)) {
    if (pointsAtSwitchboard(sourceName, raw, gatewayUrl)) switchboardEntries.push(sourceName);
    else servers.push(describe(sourceName, raw, client, configured));
  }
  const connected = switchboardEntries.length > 0;
  return { client, file, text, document, servers, switchboardEntries, connected };
}

/** What the admin API shows: never an env or header value. */
export function viewOf(read: ClientConfigFile, canUndo: boolean): ClientConfigView {
  return {
    client: read.client.id,
    label: read.client.label,
    file: read.file,
    found: read.text !== undefined,
    link: read.client.link,
    connected: read.connected,
    canUndo,
    servers: read.servers.map(({ entry: _entry, ...server }) => server),
  };
}
