import { mkdirSync } from 'node:fs';
import { isIP } from 'node:net';
import { loadServersConfig } from '../config/servers-config.ts';
import { SettingsStore } from '../config/settings.ts';
import { Gateway } from '../gateway.ts';
import { tokenInstructions } from './clients-command.ts';
import { ensureDefaultServersFile } from './default-servers.ts';
import { removeGatewayFile, writeGatewayFile } from './runtime-files.ts';

export type ServeOptions = {
  config?: string;
  dataDir: string;
  port: number;
  host: string;
  allowRemote?: boolean;
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export class UsageError extends Error {}

export async function serve(
  options: ServeOptions,
  log: (line: string) => void = console.log,
): Promise<Gateway> {
  if (!LOOPBACK.has(options.host) && !options.allowRemote) {
    throw new UsageError(
      `refusing to listen on ${options.host}: the gateway would be reachable from other machines, and MCP servers can run commands and read files. Use --allow-remote if you really mean it.`,
    );
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  let configFile = options.config;
  if (!configFile) {
    const defaults = ensureDefaultServersFile(options.dataDir);
    configFile = defaults.file;
    log(
      `${defaults.created ? 'Created' : 'Using'} ${configFile} (no --config given; edit it, or pass --config with your Claude Desktop config).`,
    );
  }
  const servers = await loadServersConfig(configFile);
  const settings = new SettingsStore(options.dataDir).read();
  const gateway = new Gateway({
    servers,
    settings,
    dataDir: options.dataDir,
    configFile,
    host: options.host,
    port: options.port,
    ...(options.allowRemote && !isIP(options.host) ? { extraHosts: [options.host] } : {}),
  });
  const { url } = await gateway.start();
  if (gateway.clients.list().length === 0) {
    // First run: one client so the gateway is usable at once; more with "switchboard clients add".
    const { token } = gateway.clients.add('default', 'default');
    log('First run: created client "default".');
    log(tokenInstructions(token));
  }
  writeGatewayFile(options.dataDir, { url, pid: process.pid });
  log(`Switchboard is serving ${servers.length} server${servers.length === 1 ? '' : 's'}:`);
  log(`  MCP (Streamable HTTP): ${url}/mcp`);
  log(`  MCP (legacy SSE):      ${url}/sse`);
  for (const spec of servers)
    log(`  ${spec.name.padEnd(20)} ${url}/mcp/servers/${encodeURIComponent(spec.name)}`);
  log(`  stdio clients:         switchboard connect --url ${url}/mcp --token <token>`);
  // One-time and short-lived: printing it leaves nothing reusable in the terminal's scrollback.
  log(`Dashboard login (single use, valid 10 minutes): ${gateway.createLoginUrl()}`);
  log('Press Ctrl+C to stop.');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping servers…`);
    gateway
      .stop()
      .then(() => {
        removeGatewayFile(options.dataDir);
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(`switchboard: error while stopping: ${(error as Error).message}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A closed terminal: stop in order too (by default SIGHUP would leave the servers running).
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  return gateway;
}
