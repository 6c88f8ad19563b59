/**
 * Where `switchboard clients connect|disconnect|configs|import` and `servers export` work:
 * through the running gateway (imported servers start at once, the dashboard sees the new
 * client), else on the data dir and servers file directly, for the default port.
 */
import type {
  ClientConfigId,
  ClientConfigView,
  ClientConnectResult,
  ClientImportResult,
  ClientUndoResult,
  ServersExport,
} from '../../../shared/client-configs.ts';
import { ClientConfigs } from '../client-configs/client-configs.ts';
import { exportServers } from '../client-configs/servers-export.ts';
import { readServersFileEntries } from '../config/servers-file.ts';
import { ClientStore } from '../identity/client-store.ts';
import { fileTarget } from '../installs/install-targets.ts';
import { openSecretStore } from '../secrets/open-secret-store.ts';
import { ensureDefaultServersFile } from './default-servers.ts';
import { callApi, runningGateway } from './running-gateway.ts';
import { DEFAULT_PORT } from './runtime-files.ts';

export type ImportArgs = { names?: string[]; moveSecrets: boolean };

export type ClientConfigBackend = {
  where: string;
  list(): Promise<ClientConfigView[]>;
  import(client: ClientConfigId, args: ImportArgs): Promise<ClientImportResult>;
  connect(client: ClientConfigId, profile: string): Promise<ClientConnectResult>;
  undo(client: ClientConfigId): Promise<ClientUndoResult>;
  export(): Promise<ServersExport>;
  close(): void;
};

export type ClientConfigBackendOptions = { dataDir: string; config?: string; port?: number };

async function localBackend(options: ClientConfigBackendOptions): Promise<ClientConfigBackend> {
  const file = options.config ?? ensureDefaultServersFile(options.dataDir).file;
  const secrets = await openSecretStore({
    dataDir: options.dataDir,
    log: { info: () => {}, warn: (line) => console.error(line) },
  });
  const identities = new ClientStore(options.dataDir);
  const target = fileTarget(file);
  const configs = new ClientConfigs({
    dataDir: options.dataDir,
    identities,
    secrets: () => secrets,
    gatewayUrl: () => `http://127.0.0.1:${options.port ?? DEFAULT_PORT}`,
  });
  const configured = async () => new Set(Object.keys(await target.entries()));
  return {
    where: `${file} (no gateway is running; the next "switchboard serve" starts what is added)`,
    list: async () => configs.list(await configured()),
    import: (client, args) => configs.import(client, args, target),
    connect: (client, profile) => configs.connect(client, profile),
    undo: (client) => configs.undo(client),
    export: async () => exportServers(await readServersFileEntries(file)),
    close: () => identities.close(),
  };
}

export async function openClientConfigBackend(
  options: ClientConfigBackendOptions,
): Promise<ClientConfigBackend> {
  const running = options.config ? undefined : await runningGateway(options.dataDir);
  if (!running) return localBackend(options);
  const { api, url } = running;
  return {
    where: `the running gateway at ${url}`,
    list: () => callApi(api, 'clientConfigs:list', {}),
    import: (client, args) => callApi(api, 'clientConfigs:import', { client, ...args }),
    connect: (client, profile) => callApi(api, 'clientConfigs:connect', { client, profile }),
    undo: (client) => callApi(api, 'clientConfigs:undo', { client }),
    export: () => callApi(api, 'servers:export', {}),
    close: () => api.close(),
  };
}
