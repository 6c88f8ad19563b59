/**
 * The AI clients' config files, as one service for the admin API and the CLI: what each
 * holds, importing its servers, connecting it to Switchboard and undoing that.
 */
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type {
  ClientConfigId,
  ClientConfigView,
  ClientConnectResult,
  ClientImportResult,
  ClientUndoResult,
} from '../../../shared/client-configs.ts';
import type { ServerTarget } from '../installs/installer.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Bridge } from './client-entries.ts';
import { readClientConfig, viewOf, type ClientConfigFile } from './client-config-file.ts';
import { connectClient, undoConnect, type ConnectContext } from './client-connect.ts';
import { importFromClient, type ImportOptions } from './client-import.ts';
import { ConnectionsJournal } from './connections-journal.ts';
import { ClientConfigError } from './jsonc-document.ts';
import {
  ALL_CLIENTS,
  KNOWN_CLIENTS,
  clientConfigPath,
  clientPlatform,
  type HomeContext,
} from './known-clients.ts';

export type ClientConfigsOptions = {
  dataDir: string;
  identities: ConnectContext['identities'];
  /** Asked for when needed: the gateway opens its store after it is built. */
  secrets: () => SecretStore;
  /** The gateway's base URL (read when needed: it is known once the gateway listens). */
  gatewayUrl: () => string;
  bridge?: Bridge;
  home?: HomeContext;
  now?: () => Date;
};

/** The user's own home; on Linux HOME decides, so tests and sandboxes can point elsewhere. */
export function userHome(): HomeContext {
  return {
    home: homedir(),
    platform: clientPlatform(process.platform),
    ...(process.env.APPDATA ? { appData: process.env.APPDATA } : {}),
  };
}

/**
 * This checkout's launcher on the Node that runs us: no PATH or global install needed. In the
 * desktop app that binary is Electron's, which acts as Node with ELECTRON_RUN_AS_NODE.
 */
export function defaultBridge(): Bridge {
  const launcher = fileURLToPath(new URL('../../../bin/switchboard.js', import.meta.url));
  const electron = Boolean(process.versions.electron);
  return {
    command: process.execPath,
    args: [launcher],
    ...(electron ? { env: { ELECTRON_RUN_AS_NODE: '1' } } : {}),
  };
}

export class ClientConfigs {
  readonly #options: ClientConfigsOptions;
  readonly #journal: ConnectionsJournal;
  readonly #home: HomeContext;

  constructor(options: ClientConfigsOptions) {
    this.#options = options;
    this.#journal = new ConnectionsJournal(options.dataDir);
    this.#home = options.home ?? userHome();
  }

  fileOf(id: ClientConfigId): string {
    return clientConfigPath(id, this.#home);
  }

  read(id: ClientConfigId, configured: ReadonlySet<string>): Promise<ClientConfigFile> {
    return readClientConfig(
      KNOWN_CLIENTS[id],
      this.fileOf(id),
      configured,
      this.#options.gatewayUrl(),
    );
  }

  /** Every known client; a file that cannot be parsed shows its error instead of servers. */
  async list(configured: ReadonlySet<string>): Promise<ClientConfigView[]> {
    return Promise.all(
      ALL_CLIENTS.map(async (client): Promise<ClientConfigView> => {
        const canUndo = (await this.#journal.get(client.id)) !== undefined;
        try {
          return viewOf(await this.read(client.id, configured), canUndo);
        } catch (error) {
          if (!(error instanceof ClientConfigError)) throw error;
          const { id, label, link } = client;
          const file = this.fileOf(id);
          const unread = { connected: false, servers: [], error: error.message };
          return { client: id, label, file, found: true, link, canUndo, ...unread };
        }
      }),
    );
  }

  async import(
    id: ClientConfigId,
    options: ImportOptions,
    target: ServerTarget,
  ): Promise<ClientImportResult> {
    const configured = new Set(Object.keys(await target.entries()));
    const read = await this.read(id, configured);
    return importFromClient(read, options, { target, secrets: this.#options.secrets() });
  }

  connect(id: ClientConfigId, profile: string): Promise<ClientConnectResult> {
    return connectClient(KNOWN_CLIENTS[id], this.fileOf(id), profile, {
      journal: this.#journal,
      identities: this.#options.identities,
      gatewayUrl: this.#options.gatewayUrl(),
      bridge: this.#options.bridge ?? defaultBridge(),
      ...(this.#options.now ? { now: this.#options.now } : {}),
    });
  }

  undo(id: ClientConfigId): Promise<ClientUndoResult> {
    return undoConnect(KNOWN_CLIENTS[id], {
      journal: this.#journal,
      identities: this.#options.identities,
      ...(this.#options.now ? { now: this.#options.now } : {}),
    });
  }
}
