/**
 * `switchboard secrets set|delete|list`: server secrets in the OS keychain. Values are read from
 * standard input, never from the command line (which other users can see in `ps`), and are
 * never printed back.
 */
import type { Command } from 'commander';
import { defaultDataDir } from '../config/data-dir.ts';
import { openSecretStore } from '../secrets/open-secret-store.ts';
import { secretAccount } from '../secrets/secret-store.ts';

async function readValue(): Promise<string> {
  // Typed at a terminal the value shows as it is typed; pipe it in (e.g. from a password manager) to avoid that.
  if (process.stdin.isTTY) process.stderr.write('Value, then Enter: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.includes(10)) break;
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const stderrLog = {
  info: (line: string) => console.error(line),
  warn: (line: string) => console.error(line),
};

export function registerSecretCommands(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('server secrets in the OS keychain (write-only)');
  secrets
    .command('set <server> <key>')
    .description(
      'store a secret (value from standard input) that the config refers to as ${secret:KEY}',
    )
    .option('--profile <profile>', 'only for clients of this profile')
    .option('--data-dir <dir>', 'the gateway data dir', defaultDataDir())
    .action(async (server: string, key: string, options: { profile?: string; dataDir: string }) => {
      const account = secretAccount(server, key, options.profile);
      const value = await readValue();
      if (!value) throw new Error('no value on standard input; nothing was stored');
      const store = await openSecretStore({ dataDir: options.dataDir, log: stderrLog });
      await store.set(account, value);
      console.log(
        `Stored ${account} in the ${store.kind === 'keychain' ? 'OS keychain' : 'secrets file'}.`,
      );
    });
  secrets
    .command('delete <server> <key>')
    .option('--profile <profile>', 'the per-profile secret')
    .option('--data-dir <dir>', 'the gateway data dir', defaultDataDir())
    .action(async (server: string, key: string, options: { profile?: string; dataDir: string }) => {
      const account = secretAccount(server, key, options.profile);
      const store = await openSecretStore({ dataDir: options.dataDir, log: stderrLog });
      console.log(
        (await store.delete(account)) ? `Deleted ${account}.` : `${account} was not set.`,
      );
    });
  secrets
    .command('list')
    .description('which secrets are set (names only, never values)')
    .option('--data-dir <dir>', 'the gateway data dir', defaultDataDir())
    .action(async (options: { dataDir: string }) => {
      const store = await openSecretStore({ dataDir: options.dataDir, log: stderrLog });
      const accounts = await store.list();
      console.log(accounts.length ? accounts.join('\n') : 'No secrets are set.');
    });
}
