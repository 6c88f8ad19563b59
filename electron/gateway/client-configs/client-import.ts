/**
 * Importing a client's servers into Switchboard: each new entry is saved (and started, when a
 * gateway runs) under the client's name for it; literal secrets, when asked, go to the secret
 * store and the saved entry keeps `${secret:KEY}` references. The client's file is not touched.
 */
import type { ClientImportResult } from '../../../shared/client-configs.ts';
import type { ServerTarget } from '../installs/installer.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { toServersFileEntry } from './client-entries.ts';
import type { ClientConfigFile } from './client-config-file.ts';
import { referenceLiteralSecrets } from './literal-secrets.ts';

export type ImportOptions = {
  /** Only these (names in the client's file or in Switchboard); all when absent. */
  names?: string[];
  /** Literal secrets go to the secret store; otherwise entries are saved as they are. */
  moveSecrets: boolean;
};

export type ImportContext = { target: ServerTarget; secrets: SecretStore };

const REASONS = {
  configured: 'Switchboard has a server of that name',
  disabled: 'disabled in the client',
} as const;

export async function importFromClient(
  read: ClientConfigFile,
  options: ImportOptions,
  context: ImportContext,
): Promise<ClientImportResult> {
  const wanted = options.names && new Set(options.names);
  const chosen = (names: string[]) => !wanted || names.some((name) => wanted.has(name));
  const result: ClientImportResult = { added: [], skipped: [], secretsMoved: [] };
  for (const name of read.switchboardEntries)
    if (chosen([name])) result.skipped.push({ name, reason: 'it leads to Switchboard already' });
  const existing = await context.target.entries();
  for (const server of read.servers) {
    if (!chosen([server.name, server.sourceName])) continue;
    if (server.state === 'invalid' || !server.entry) {
      result.skipped.push({ name: server.sourceName, reason: server.problem ?? 'invalid' });
      continue;
    }
    if (server.state !== 'new' || server.name in existing) {
      const state = server.state === 'disabled' ? 'disabled' : 'configured';
      result.skipped.push({ name: server.sourceName, reason: REASONS[state] });
      continue;
    }
    const plain = toServersFileEntry(server.entry);
    const { entry, moved } = options.moveSecrets
      ? referenceLiteralSecrets(server.name, plain)
      : { entry: plain, moved: [] };
    try {
      for (const secret of moved) await context.secrets.set(secret.account, secret.value);
      await context.target.add(server.name, entry);
    } catch (error) {
      // Nothing of a server that could not be added stays behind.
      for (const secret of moved) await context.secrets.delete(secret.account).catch(() => {});
      result.skipped.push({ name: server.sourceName, reason: (error as Error).message });
      continue;
    }
    result.added.push(server.name);
    result.secretsMoved.push(...moved.map((secret) => `${server.name}/${secret.name}`));
  }
  return result;
}
