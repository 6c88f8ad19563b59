/** The `switchboard` command line. */
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../config/servers-config.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import { GATEWAY_VERSION } from '../gateway.ts';
import { createHttpEngineApi } from '../../../shared/http-engine-client.ts';
import { registerCatalogCommands } from './catalog-command.ts';
import { registerClientCommands } from './clients-command.ts';
import { registerInstallCommands } from './install-command.ts';
import { registerLogCommands } from './log-command.ts';
import { registerSecretCommands } from './secrets-command.ts';
import { connect } from './connect-command.ts';
import { watchParent } from './parent-watch.ts';
import { DEFAULT_PORT, readAdminToken, readGatewayFile } from './runtime-files.ts';
import { serve, UsageError } from './serve-command.ts';
import { fetchServers, formatServers } from './servers-command.ts';
import { registerClientConfigCommands } from './client-config-command.ts';

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return number;
}

const program = new Command()
  .name('switchboard')
  .description('One local MCP gateway in front of all your MCP servers.')
  .version(GATEWAY_VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('run the gateway in the foreground (Ctrl+C stops it and every server it started)')
  .option(
    '--config <file>',
    'servers file in the Claude Desktop "mcpServers" shape (default: <data-dir>/mcp.json)',
  )
  .option('--data-dir <dir>', 'where settings, logs and state live', defaultDataDir())
  .option('--port <n>', 'port to listen on (0 picks a free one)', port, DEFAULT_PORT)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--allow-remote', 'allow a non-loopback --host (exposes your servers to the network)')
  .action(
    async (options: {
      config?: string;
      dataDir: string;
      port: number;
      host: string;
      allowRemote?: boolean;
    }) => {
      await serve(options);
    },
  );

program
  .command('connect')
  .description(
    'stdio bridge for stdio-only clients: use it as the MCP server command in their config',
  )
  .option(
    '--url <url>',
    'the gateway MCP endpoint (default: the running gateway, else http://127.0.0.1:4777/mcp)',
  )
  .option('--token <token>', "this client's token (default: $SWITCHBOARD_TOKEN)")
  .option('--data-dir <dir>', 'data dir of the running gateway', defaultDataDir())
  .action(async (options: { url?: string; token?: string; dataDir: string }) => {
    const token = options.token ?? process.env.SWITCHBOARD_TOKEN;
    if (!token) {
      throw new UsageError(
        'no client token: pass --token or set SWITCHBOARD_TOKEN (create one with "switchboard clients add NAME")',
      );
    }
    const running = readGatewayFile(options.dataDir);
    const url =
      options.url ??
      process.env.SWITCHBOARD_URL ??
      (running ? `${running.url}/mcp` : `http://127.0.0.1:${DEFAULT_PORT}/mcp`);
    await connect({ url, headers: { authorization: `Bearer ${token}` } });
  });

const clients = registerClientCommands(program);
registerCatalogCommands(program);
registerInstallCommands(program);
registerSecretCommands(program);
registerLogCommands(program);

const servers = program.command('servers').description('inspect and export the servers');
registerClientConfigCommands(clients, servers);
servers
  .command('list')
  .description("print each server's status and tool count")
  .option('--data-dir <dir>', 'data dir of the running gateway', defaultDataDir())
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { dataDir: string; json?: boolean }) => {
    const running = readGatewayFile(options.dataDir);
    const token = readAdminToken(options.dataDir);
    if (!running || !token)
      throw new UsageError(
        `no running gateway found for data dir ${options.dataDir} (start one with "switchboard serve")`,
      );
    const list = await fetchServers(running.url, token);
    console.log(options.json ? JSON.stringify(list, null, 2) : formatServers(list));
  });

program
  .command('dashboard')
  .description('print a fresh single-use link that opens the dashboard of the running gateway')
  .option('--data-dir <dir>', 'data dir of the running gateway', defaultDataDir())
  .action(async (options: { dataDir: string }) => {
    const running = readGatewayFile(options.dataDir);
    const token = readAdminToken(options.dataDir);
    if (!running || !token)
      throw new UsageError(
        `no running gateway found for data dir ${options.dataDir} (start one with "switchboard serve")`,
      );
    const api = createHttpEngineApi({
      baseUrl: running.url,
      headers: { authorization: `Bearer ${token}` },
    });
    const result = await api.call('dashboard:login-url', {});
    if (!result.ok)
      throw new Error(`the gateway at ${running.url} answered: ${result.error.message}`);
    console.log(`Open the dashboard (single use, valid 10 minutes): ${result.value.url}`);
  });

watchParent();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const known = error instanceof ConfigError || error instanceof UsageError;
  const cause =
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? ' (is another gateway running? pass --port)'
      : '';
  console.error(`switchboard: ${(error as Error).message}${cause}`);
  if (!known && process.env.SWITCHBOARD_DEBUG) console.error(error);
  process.exit(known ? 2 : 1);
}
