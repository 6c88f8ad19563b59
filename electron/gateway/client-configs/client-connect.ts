/**
 * "Connect a client": writes Switchboard's entry into the client's own config file (every
 * other entry, comment and indent kept), with a fresh client identity and token, a
 * timestamped backup first, and a journal entry so that undo can put the file back byte for
 * byte. Reconnecting replaces our entry and token, and keeps the original backup.
 */
import { readFile, rm } from 'node:fs/promises';
import type { ClientConnectResult, ClientUndoResult } from '../../../shared/client-configs.ts';
import type { ClientStore } from '../identity/client-store.ts';
import {
  SWITCHBOARD_ENTRY,
  TOKEN_SHOWN_AS,
  switchboardEntry,
  type Bridge,
} from './client-entries.ts';
import { readClientConfig } from './client-config-file.ts';
import { currentSha, sha256, type ConnectionsJournal } from './connections-journal.ts';
import { editConfigText } from './jsonc-document.ts';
import type { KnownClient } from './known-clients.ts';
import {
  backupFile,
  ensureParentDir,
  removeCreatedDirs,
  writeFileAtomically,
} from './safe-write.ts';

/** Undo asked for an app Switchboard never connected (or already undid). */
export class NotConnectedError extends Error {
  constructor(label: string) {
    super(`Switchboard has not connected ${label}: nothing to undo`);
    this.name = 'NotConnectedError';
  }
}

export type ConnectContext = {
  journal: ConnectionsJournal;
  identities: Pick<ClientStore, 'add' | 'revoke' | 'active'>;
  /** The gateway's base URL, e.g. http://127.0.0.1:4777. */
  gatewayUrl: string;
  bridge: Bridge;
  now?: () => Date;
};

/** `vscode`, or `vscode-2` when a client of that name exists that is not ours. */
function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function revokeQuietly(identities: ConnectContext['identities'], id: string): void {
  if (identities.active.some((client) => client.id === id)) identities.revoke(id);
}

function shown(entry: Record<string, unknown>, token: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(entry).replaceAll(token, TOKEN_SHOWN_AS)) as Record<
    string,
    unknown
  >;
}

export async function connectClient(
  client: KnownClient,
  file: string,
  profile: string,
  context: ConnectContext,
): Promise<ClientConnectResult> {
  // Reading first: a file we cannot parse is refused before anything changes.
  const read = await readClientConfig(client, file, new Set(), context.gatewayUrl);
  const previous = await context.journal.get(client.id);
  // Our earlier token goes first, so its name is free: one identity per connected client.
  const ours = previous && context.identities.active.find((c) => c.id === previous.clientId);
  if (ours) revokeQuietly(context.identities, ours.id);
  const taken = new Set(context.identities.active.map((c) => c.name));
  const { client: identity, token } = context.identities.add(
    freeName(ours?.name ?? client.id, taken),
    profile,
  );
  try {
    const entry = switchboardEntry(client, { ...context, token });
    const text = editConfigText(read.text ?? '', [client.serversKey, SWITCHBOARD_ENTRY], entry);
    // The first connect keeps the file as it was before Switchboard; later ones keep that one.
    const keep = previous
      ? { backup: previous.backup, createdDir: previous.createdDir }
      : read.text === undefined
        ? { createdDir: await ensureParentDir(file) }
        : { backup: await backupFile(file, context.now?.()) };
    // The journal first: should the write fail, undo still knows the original to restore.
    await context.journal.set(client.id, {
      file,
      ...(keep.backup ? { backup: keep.backup } : {}),
      ...(keep.createdDir ? { createdDir: keep.createdDir } : {}),
      clientId: identity.id,
      clientName: identity.name,
      writtenSha256: sha256(text),
      at: (context.now?.() ?? new Date()).toISOString(),
    });
    await writeFileAtomically(file, text).catch(async (error: unknown) => {
      await context.journal.set(client.id, previous);
      throw error;
    });
    return {
      client: client.id,
      file,
      ...(keep.backup ? { backup: keep.backup } : {}),
      created: read.text === undefined,
      clientName: identity.name,
      link: client.link,
      entry: shown(entry, token),
    };
  } catch (error) {
    revokeQuietly(context.identities, identity.id);
    throw error;
  }
}

/**
 * Puts the file back as it was before the first connect and revokes the token. Edits made to
 * the file since are not lost: that version is copied aside first and named in the result.
 */
export async function undoConnect(
  client: KnownClient,
  context: Pick<ConnectContext, 'journal' | 'identities' | 'now'>,
): Promise<ClientUndoResult> {
  const connection = await context.journal.get(client.id);
  if (!connection) throw new NotConnectedError(client.label);
  const { file } = connection;
  const now = await currentSha(file);
  const keptChanges =
    now !== undefined && now !== connection.writtenSha256
      ? await backupFile(file, context.now?.())
      : undefined;
  if (connection.backup) {
    const original = await readFile(connection.backup).catch(() => {
      throw new Error(`the backup ${connection.backup} is gone, so ${file} cannot be restored`);
    });
    await writeFileAtomically(file, original);
    await rm(connection.backup, { force: true });
  } else {
    await rm(file, { force: true });
    if (connection.createdDir) await removeCreatedDirs(file, connection.createdDir);
  }
  revokeQuietly(context.identities, connection.clientId);
  await context.journal.set(client.id, undefined);
  return {
    client: client.id,
    file,
    outcome: connection.backup ? 'restored' : 'removed',
    revoked: connection.clientName,
    ...(keptChanges ? { keptChanges } : {}),
  };
}
