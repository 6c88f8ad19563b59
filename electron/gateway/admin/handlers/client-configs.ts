/**
 * clientConfigs:* and servers:export: reading the AI clients' config files, importing their
 * servers, connecting them to this gateway (and undoing it), and exporting our servers.
 */
import { ClientConfigs } from '../../client-configs/client-configs.ts';
import { NotConnectedError } from '../../client-configs/client-connect.ts';
import { exportServers } from '../../client-configs/servers-export.ts';
import { ClientConfigError } from '../../client-configs/jsonc-document.ts';
import { readServersFileEntries } from '../../config/servers-file.ts';
import type { ServerSpec } from '../../config/servers-config.ts';
import type { Gateway } from '../../gateway.ts';
import { gatewayTarget } from '../../installs/install-targets.ts';
import { invalidParams, notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';

type Names =
  | 'clientConfigs:list'
  | 'clientConfigs:import'
  | 'clientConfigs:connect'
  | 'clientConfigs:undo'
  | 'servers:export';

/** A server given at start (no servers file) as the entry that would describe it. */
function entryOf(spec: ServerSpec): Record<string, unknown> {
  if (spec.kind === 'stdio')
    return {
      command: spec.command,
      args: spec.args,
      env: spec.env,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
    };
  return { type: spec.kind, url: spec.url, headers: spec.headers };
}

/** A file we cannot parse is the caller's to fix: a 400 naming the file and position. */
async function asApiError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ClientConfigError) throw invalidParams(error.message);
    if (error instanceof NotConnectedError) throw notFound(error.message);
    throw error;
  }
}

export function clientConfigHandlers(gateway: Gateway): HandlerGroup<Names> {
  const configs = new ClientConfigs({
    dataDir: gateway.options.dataDir,
    identities: gateway.clients,
    secrets: () => gateway.trust.secrets,
    gatewayUrl: () => gateway.url,
    ...(gateway.options.clientConfigHome ? { home: gateway.options.clientConfigHome } : {}),
  });
  const configured = () => new Set(gateway.supervisors.keys());
  return {
    'clientConfigs:list': () => configs.list(configured()),
    'clientConfigs:import': ({ client, names, moveSecrets }) =>
      asApiError(() =>
        configs.import(
          client,
          { moveSecrets, ...(names ? { names } : {}) },
          gatewayTarget(gateway),
        ),
      ),
    'clientConfigs:connect': ({ client, profile }) => {
      if (!gateway.settings.profiles[profile]) throw notFound(`no profile named "${profile}"`);
      return asApiError(() => configs.connect(client, profile));
    },
    'clientConfigs:undo': ({ client }) => asApiError(() => configs.undo(client)),
    'servers:export': async () => {
      const file = gateway.options.configFile;
      const saved = file ? await readServersFileEntries(file) : {};
      // Saved entries first (disabled ones too), then servers given only at start.
      const entries: Record<string, Record<string, unknown>> = { ...saved };
      for (const [name, supervisor] of gateway.supervisors)
        entries[name] = saved[name] ?? entryOf(supervisor.spec);
      return exportServers(entries);
    },
  };
}
