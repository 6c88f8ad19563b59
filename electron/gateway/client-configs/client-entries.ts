/**
 * Server entries as clients write them, and as Switchboard keeps them: the client's shape is
 * checked with zod (its file is an edge), then normalised to the `mcpServers` entry shape of
 * servers-config.ts (`command/args/env/cwd`, or `type/url/headers`).
 */
import { basename } from 'node:path';
import { z } from 'zod';
import type { KnownClient } from './known-clients.ts';

/** The entry name Switchboard uses in every client's file. */
export const SWITCHBOARD_ENTRY = 'switchboard';
/** Written in place of the token when an entry is shown: the token lives in the client's file only. */
export const TOKEN_SHOWN_AS = '<token>';

const StringRecord = z.record(z.string(), z.string());

export const ClientEntrySchema = z.looseObject({
  type: z.string().optional(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: StringRecord.optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  serverUrl: z.string().optional(),
  headers: StringRecord.optional(),
  disabled: z.boolean().optional(),
});
export type ClientEntry = z.infer<typeof ClientEntrySchema>;

export type NormalisedEntry =
  | { kind: 'stdio'; command: string; args?: string[]; env?: Record<string, string>; cwd?: string }
  | { kind: 'http' | 'sse'; url: string; headers?: Record<string, string> };

/** The `mcpServers` entry Switchboard's servers file holds for it. */
export function toServersFileEntry(entry: NormalisedEntry): Record<string, unknown> {
  if (entry.kind === 'stdio') {
    const { kind: _kind, ...rest } = entry;
    return rest;
  }
  return { type: entry.kind, url: entry.url, ...(entry.headers ? { headers: entry.headers } : {}) };
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value && Object.keys(value).length > 0 ? value : undefined;
}

/** A remote entry without a type: `/sse` endpoints speak legacy SSE, the rest Streamable HTTP. */
function remoteKind(type: string | undefined, url: string): 'http' | 'sse' {
  if (type === 'sse') return 'sse';
  if (type) return 'http';
  return /\/sse\/?$/.test(new URL(url, 'http://x').pathname) ? 'sse' : 'http';
}

export type EntryReading =
  { ok: true; entry: NormalisedEntry; disabled: boolean } | { ok: false; problem: string };

export function normaliseEntry(client: KnownClient, raw: unknown): EntryReading {
  const parsed = ClientEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `${issue.path.join('.') || 'entry'}: ${issue.message}` };
  }
  const value = parsed.data;
  const disabled = value.disabled === true;
  const url = value[client.urlKey] ?? value.url ?? value.serverUrl;
  if (value.command) {
    const env = nonEmpty(value.env);
    const args = value.args && value.args.length > 0 ? value.args : undefined;
    return {
      ok: true,
      disabled,
      entry: {
        kind: 'stdio',
        command: value.command,
        ...(args ? { args } : {}),
        ...(env ? { env } : {}),
        ...(value.cwd ? { cwd: value.cwd } : {}),
      },
    };
  }
  if (url) {
    const headers = nonEmpty(value.headers);
    return {
      ok: true,
      disabled,
      entry: { kind: remoteKind(value.type, url), url, ...(headers ? { headers } : {}) },
    };
  }
  return { ok: false, problem: 'has neither "command" nor a URL' };
}

/** The command without directory or Windows extension (`C:\bin\switchboard.cmd` → `switchboard`). */
function commandName(command: string): string {
  return basename(command.replaceAll('\\', '/')).replace(/\.(cmd|exe|bat|ps1|js)$/i, '');
}

/**
 * True for entries that already lead to Switchboard: ours by name, the stdio bridge
 * (`switchboard connect …`, also through npx or node), or a URL on the gateway's own address.
 */
export function pointsAtSwitchboard(name: string, raw: unknown, gatewayUrl?: string): boolean {
  if (name === SWITCHBOARD_ENTRY) return true;
  const parsed = ClientEntrySchema.safeParse(raw);
  if (!parsed.success) return false;
  const { command, args = [], url, serverUrl } = parsed.data;
  if (command) {
    const words = [command, ...args].map(commandName);
    const at = words.indexOf('switchboard');
    if (at !== -1 && words[at + 1] === 'connect') return true;
  }
  const address = url ?? serverUrl;
  return Boolean(address && gatewayUrl && sameGateway(address, gatewayUrl));
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** localhost, 127.0.0.1 and [::1] on the gateway's port are all the gateway. */
function sameGateway(address: string, gatewayUrl: string): boolean {
  try {
    const a = new URL(address);
    const b = new URL(gatewayUrl);
    if (a.origin === b.origin) return true;
    return a.port === b.port && LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname);
  } catch {
    return false;
  }
}

/** How a stdio-only client runs the bridge; `env` e.g. ELECTRON_RUN_AS_NODE in the app. */
export type Bridge = { command: string; args: string[]; env?: Record<string, string> };
export const DEFAULT_BRIDGE: Bridge = { command: 'switchboard', args: [] };

export type SwitchboardEntryOptions = {
  /** The gateway's base URL, e.g. http://127.0.0.1:4777. */
  gatewayUrl: string;
  token: string;
  bridge?: Bridge;
};

/**
 * The entry that connects a client: Streamable HTTP with the token in a header, or for
 * stdio-only clients the bridge, with the token in its environment (not on the command line,
 * where every process listing would show it).
 */
export function switchboardEntry(
  client: KnownClient,
  options: SwitchboardEntryOptions,
): Record<string, unknown> {
  const mcp = `${options.gatewayUrl.replace(/\/+$/, '')}/mcp`;
  if (client.link === 'stdio') {
    const bridge = options.bridge ?? DEFAULT_BRIDGE;
    return {
      command: bridge.command,
      args: [...bridge.args, 'connect', '--url', mcp],
      env: { ...bridge.env, SWITCHBOARD_TOKEN: options.token },
    };
  }
  return {
    ...(client.typedRemote ? { type: 'http' } : {}),
    [client.urlKey]: mcp,
    headers: { Authorization: `Bearer ${options.token}` },
  };
}
