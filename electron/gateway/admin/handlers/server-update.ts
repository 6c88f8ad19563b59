/**
 * servers:update: change how a server is launched (command, args, working directory, env) or
 * reached (url, headers). The result is checked like any `mcpServers` entry, saved to the
 * user's file (keeping the keys we do not manage) and applied by replacing the server.
 */
import type { z } from 'zod';
import type { contract } from '../../../../shared/contract.ts';
import { parseServerEntry, type ServerSpec } from '../../config/servers-config.ts';
import { updateServersFile } from '../../config/servers-file.ts';
import type { Gateway } from '../../gateway.ts';
import { invalidParams } from '../api-errors.ts';
import { supervisorOf } from './servers.ts';

export type ServerUpdate = Omit<
  z.output<(typeof contract.methods)['servers:update']['params']>,
  'name'
>;

const LOCAL_ONLY = ['command', 'args', 'cwd', 'env'] as const;
const REMOTE_ONLY = ['url', 'headers'] as const;

/** Sets the names given a string and drops those given null. */
function applyValues(
  current: Record<string, string>,
  changes: Record<string, string | null> | undefined,
): Record<string, string> {
  const next = { ...current };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * The `mcpServers` fields that describe `spec` once `update` is applied. Fields of the other
 * kind of server are refused by name rather than ignored.
 */
export function updatedEntry(spec: ServerSpec, update: ServerUpdate): Record<string, unknown> {
  const wrongKind = (spec.kind === 'stdio' ? REMOTE_ONLY : LOCAL_ONLY).find(
    (key) => update[key] !== undefined,
  );
  if (wrongKind)
    throw invalidParams(
      `${wrongKind}: "${spec.name}" is a ${spec.kind === 'stdio' ? 'local (stdio)' : 'remote'} server; ` +
        `it has no ${wrongKind}`,
    );
  if (spec.kind !== 'stdio')
    return { url: update.url ?? spec.url, headers: applyValues(spec.headers, update.headers) };
  const cwd = update.cwd === undefined ? spec.cwd : (update.cwd ?? undefined);
  return {
    command: update.command ?? spec.command,
    args: update.args ?? spec.args,
    env: applyValues(spec.env, update.env),
    ...(cwd ? { cwd } : {}),
  };
}

/** Validates, saves and applies an update; the server restarts with its options unchanged. */
export async function updateServer(
  gateway: Gateway,
  name: string,
  update: ServerUpdate,
): Promise<void> {
  const supervisor = supervisorOf(gateway, name);
  const entry = updatedEntry(supervisor.spec, update);
  const type = supervisor.spec.kind === 'stdio' ? {} : { type: supervisor.spec.kind };
  // Errors name the field, e.g. `servers:update: "mcpServers.vault.url" Invalid URL`.
  const spec = parseServerEntry('servers:update', name, { ...type, ...entry });
  if (!spec) throw invalidParams(`server "${name}" cannot be updated to a disabled one`);
  const file = gateway.options.configFile;
  if (file)
    await updateServersFile(file, (servers) => {
      // The user's own keys stay; a working directory that was removed goes.
      const { cwd: _cwd, ...kept } = (servers[name] ?? type) as Record<string, unknown>;
      servers[name] = { ...kept, ...entry };
    });
  const options = gateway.settings.servers[name] ?? {};
  await gateway.removeServer(name);
  gateway.addServer(spec, options);
}
