/** `switchboard clients add|list|revoke`: client identities, managed directly in the data dir. */
import type { Command } from 'commander';
import type { ClientInfo } from '../../../shared/clients.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import { ClientStore } from '../identity/client-store.ts';
import { formatTable } from './format-table.ts';

/** How to use a token, printed once next to it. */
export function tokenInstructions(token: string): string {
  return [
    `  Token (shown once, store it now): ${token}`,
    '  Streamable HTTP / SSE clients: send the header  Authorization: Bearer <token>',
    '  stdio clients: switchboard connect --token <token>   (or set SWITCHBOARD_TOKEN)',
  ].join('\n');
}

function formatClients(clients: ClientInfo[]): string {
  if (clients.length === 0) return 'No clients yet. Create one with: switchboard clients add NAME';
  const rows = clients.map((client) => [
    client.name,
    client.profile,
    client.revokedAt ? 'revoked' : 'active',
    new Date(client.createdAt).toISOString(),
    client.id,
  ]);
  return formatTable(['NAME', 'PROFILE', 'STATE', 'CREATED', 'ID'], rows);
}

export function registerClientCommands(program: Command): Command {
  const clients = program
    .command('clients')
    .description('client identities: one token per AI client');
  clients
    .command('add <name>')
    .description('create a client and print its token (shown once)')
    .option('--profile <profile>', 'the profile it is bound to', 'default')
    .option('--data-dir <dir>', 'the gateway data dir', defaultDataDir())
    .action((name: string, options: { profile: string; dataDir: string }) => {
      const { client, token } = new ClientStore(options.dataDir).add(name, options.profile);
      console.log(`Created client "${client.name}" (profile ${client.profile}).`);
      console.log(tokenInstructions(token));
    });
  clients
    .command('list')
    .description('list clients (tokens are never shown again)')
    .option('--data-dir <dir>', 'the gateway data dir', defaultDataDir())
    .option('--json', 'print JSON')
    .action((options: { dataDir: string; json?: boolean }) => {
      const list = new ClientStore(options.dataDir).list();
      console.log(options.json ? JSON.stringify(list, null, 2) : formatClients(list));
    });
  clients
    .command('revoke <name-or-id>')
    .description('revoke a client: its token stops working at once')
    .option('--data-dir <dir>', 'the gateway data dir', defaultDataDir())
    .action((nameOrId: string, options: { dataDir: string }) => {
      const client = new ClientStore(options.dataDir).revoke(nameOrId);
      console.log(`Revoked client "${client.name}".`);
    });
  return clients;
}
