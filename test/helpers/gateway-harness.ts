/**
 * Starts a real gateway in-process on a free loopback port with a fresh data dir, in front of
 * real servers, and connects real SDK clients to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { HomeContext } from '../../electron/gateway/client-configs/known-clients.ts';
import type { ServerSpec } from '../../electron/gateway/config/servers-config.ts';
import {
  SettingsSchema,
  type ServerOptions,
  type GatewayLimits,
} from '../../electron/gateway/config/settings.ts';
import { Gateway } from '../../electron/gateway/gateway.ts';
import { createHttpEngineApi, type HttpEngineApi } from '../../shared/http-engine-client.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE = process.execPath;

function packageEntry(pkg: string): string {
  return fileURLToPath(import.meta.resolve(`${pkg}/dist/index.js`));
}

/** Real servers from npm, run with our Node (no download). */
export const servers = {
  everything: (name = 'everything'): ServerSpec => ({
    kind: 'stdio',
    name,
    command: NODE,
    args: [packageEntry('@modelcontextprotocol/server-everything')],
    env: {},
  }),
  memory: (name = 'memory', file?: string): ServerSpec => ({
    kind: 'stdio',
    name,
    command: NODE,
    args: [packageEntry('@modelcontextprotocol/server-memory')],
    env: file ? { MEMORY_FILE_PATH: file } : {},
  }),
  filesystem: (dir: string, name = 'filesystem'): ServerSpec => ({
    kind: 'stdio',
    name,
    command: NODE,
    args: [packageEntry('@modelcontextprotocol/server-filesystem'), dir],
    env: {},
  }),
  conformance: (name = 'conformance'): ServerSpec => ({
    kind: 'stdio',
    name,
    command: NODE,
    args: [join(ROOT, 'test/fixtures/conformance-server.ts')],
    env: {},
  }),
};

export type Harness = {
  gateway: Gateway;
  url: string;
  dataDir: string;
  /** The token of the client every `connect` uses unless told otherwise (profile "default"). */
  token: string;
  /** `{ authorization: 'Bearer …' }` for raw HTTP requests. */
  auth: Record<string, string>;
  addClient(name: string, profile?: string): string;
  connect(options?: {
    path?: string;
    client?: ClientOptions;
    name?: string;
    token?: string;
  }): Promise<Client>;
  connectSse(options?: { client?: ClientOptions; token?: string }): Promise<Client>;
  close(): Promise<void>;
};

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The admin API of a harness's gateway, as the dashboard and the CLI reach it. */
export function adminApi(harness: Harness): HttpEngineApi {
  return createHttpEngineApi({ baseUrl: harness.url, headers: bearer(harness.gateway.adminToken) });
}

export async function startGateway(
  specs: ServerSpec[],
  options: {
    servers?: Record<string, ServerOptions>;
    limits?: Partial<GatewayLimits>;
    settings?: Record<string, unknown>;
    waitForServers?: boolean;
    /** The `mcpServers` file servers added or removed through the admin API are saved to. */
    configFile?: string;
    /** The home whose AI-client configs the gateway reads and writes. */
    clientConfigHome?: HomeContext;
  } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const settings = SettingsSchema.parse({
    ...options.settings,
    servers: options.servers ?? {},
    limits: { healthPingMs: 0, ...options.limits },
  });
  const gateway = new Gateway({
    servers: specs,
    settings,
    dataDir,
    port: 0,
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.clientConfigHome ? { clientConfigHome: options.clientConfigHome } : {}),
  });
  const { url } = await gateway.start();
  if (options.waitForServers !== false) await gateway.whenSettled();
  const token = gateway.clients.add('test-client', 'default').token;
  const clients: Client[] = [];
  const track = (client: Client) => (clients.push(client), client);
  return {
    gateway,
    url,
    dataDir,
    token,
    auth: bearer(token),
    addClient: (name, profile = 'default') => gateway.clients.add(name, profile).token,
    async connect({
      path = '/mcp',
      client: clientOptions,
      name = 'test-client',
      token: as = token,
    } = {}) {
      const client = new Client({ name, version: '1.0.0' }, clientOptions ?? { capabilities: {} });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(path, url), {
          requestInit: { headers: bearer(as) },
        }),
      );
      return track(client);
    },
    async connectSse({ client: clientOptions, token: as = token } = {}) {
      const client = new Client(
        { name: 'sse-client', version: '1.0.0' },
        clientOptions ?? { capabilities: {} },
      );
      // EventSource takes no headers of its own: add the token in its fetch.
      const transport = new SSEClientTransport(new URL('/sse', url), {
        requestInit: { headers: bearer(as) },
        eventSourceInit: {
          fetch: (input, init) =>
            fetch(input, {
              ...init,
              headers: { ...Object.fromEntries(new Headers(init?.headers)), ...bearer(as) },
            }),
        },
      });
      await client.connect(transport);
      return track(client);
    },
    async close() {
      await Promise.all(clients.map((client) => client.close().catch(() => {})));
      await gateway.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
