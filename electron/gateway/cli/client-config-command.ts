/**
 * `switchboard clients configs|import|connect|undo CLIENT` and `switchboard servers export`:
 * moving an existing setup in, and wiring AI clients to the gateway, from the terminal.
 */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import {
  CLIENT_CONFIG_IDS,
  ClientConfigIdSchema,
  type ClientConfigId,
  type ClientConfigView,
} from '../../../shared/client-configs.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import {
  openClientConfigBackend,
  type ClientConfigBackend,
  type ClientConfigBackendOptions,
} from './client-config-backends.ts';
import { formatTable } from './format-table.ts';

const CLIENTS = CLIENT_CONFIG_IDS.join('|');

function clientId(value: string): ClientConfigId {
  const parsed = ClientConfigIdSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`use one of ${CLIENTS}`);
  return parsed.data;
}

function common(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'the gateway data dir', defaultDataDir())
    .option('--config <file>', 'the servers file to use (only when no gateway is running)');
}

async function withBackend<T>(
  options: ClientConfigBackendOptions,
  work: (backend: ClientConfigBackend) => Promise<T>,
): Promise<T> {
  const backend = await openClientConfigBackend(options);
  try {
    return await work(backend);
  } finally {
    backend.close();
  }
}

function stateOf(view: ClientConfigView): string {
  if (view.error) return `unreadable: ${view.error}`;
  if (!view.found) return 'no config file';
  const fresh = view.servers.filter((server) => server.state === 'new').length;
  const connected = view.connected ? 'connected, ' : '';
  return `${connected}${view.servers.length} servers (${fresh} to import)`;
}

export function formatClientConfigs(views: ClientConfigView[]): string {
  return formatTable(
    ['CLIENT', 'STATE', 'FILE'],
    views.map((view) => [view.client, stateOf(view), view.file]),
  );
}

export function registerClientConfigCommands(clients: Command, servers: Command): void {
  common(clients.command('configs'))
    .description(`what each AI client's config file holds (${CLIENTS})`)
    .option('--json', 'print JSON')
    .action((options: ClientConfigBackendOptions & { json?: boolean }) =>
      withBackend(options, async (backend) => {
        const views = await backend.list();
        console.log(options.json ? JSON.stringify(views, null, 2) : formatClientConfigs(views));
      }),
    );
  common(clients.command('import <client>'))
    .description("add a client's servers to Switchboard; literal secrets go to the keychain")
    .argument('[names...]', 'only these servers (default: every new one)')
    .option('--keep-secrets', 'save literal secret values as they are, in the servers file')
    .action(
      (
        client: string,
        names: string[],
        options: ClientConfigBackendOptions & { keepSecrets?: boolean },
      ) =>
        withBackend(options, async (backend) => {
          const id = clientId(client);
          const result = await backend.import(id, {
            moveSecrets: !options.keepSecrets,
            ...(names.length > 0 ? { names } : {}),
          });
          console.log(`Imported into ${backend.where}:`);
          console.log(`  added: ${result.added.join(', ') || 'nothing'}`);
          for (const skip of result.skipped) console.log(`  skipped ${skip.name}: ${skip.reason}`);
          if (result.secretsMoved.length > 0)
            console.log(`  secrets now in the secret store: ${result.secretsMoved.join(', ')}`);
        }),
    );
  common(clients.command('connect <client>'))
    .description(`write Switchboard into a client's config with a fresh token (${CLIENTS})`)
    .option('--profile <profile>', 'the profile its token is bound to', 'default')
    .action((client: string, options: ClientConfigBackendOptions & { profile: string }) =>
      withBackend(options, async (backend) => {
        const result = await backend.connect(clientId(client), options.profile);
        console.log(`${result.created ? 'Created' : 'Updated'} ${result.file}`);
        if (result.backup) console.log(`  backup of the previous file: ${result.backup}`);
        console.log(`  client identity: ${result.clientName} (${result.link})`);
        console.log(`  entry: ${JSON.stringify(result.entry)}`);
        console.log(`Restart the client to pick it up. Undo: switchboard clients undo ${client}`);
      }),
    );
  common(clients.command('undo <client>'))
    .description("put a client's config back as it was before connect, and revoke its token")
    .action((client: string, options: ClientConfigBackendOptions) =>
      withBackend(options, async (backend) => {
        const result = await backend.undo(clientId(client));
        const what = result.outcome === 'restored' ? 'Restored' : 'Removed (connect created it)';
        console.log(`${what}: ${result.file}; revoked client "${result.revoked}"`);
        if (result.keptChanges) console.log(`  its later edits were kept in ${result.keptChanges}`);
      }),
    );
  common(servers.command('export'))
    .description('print the servers as an mcpServers file (secrets as references, never values)')
    .option('--out <file>', 'write to this file instead of printing')
    .action((options: ClientConfigBackendOptions & { out?: string }) =>
      withBackend(options, async (backend) => {
        const result = await backend.export();
        const text = `${JSON.stringify(result.document, null, 2)}\n`;
        if (options.out) await writeFile(options.out, text, { mode: 0o600 });
        else process.stdout.write(text);
        if (result.redacted.length > 0)
          console.error(`Left out as secret references: ${result.redacted.join(', ')}`);
      }),
    );
}
