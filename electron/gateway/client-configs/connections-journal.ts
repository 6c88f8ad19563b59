/**
 * What "Connect a client" changed, kept in the data dir so it can be undone later, even from
 * another process: the file, its backup (or that the file was new), the client identity made
 * for it, and a hash of what was written (to notice edits made since).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ClientConfigIdSchema, type ClientConfigId } from '../../../shared/client-configs.ts';
import { readIfExists, writeFileAtomically } from './safe-write.ts';

export const ConnectionSchema = z.object({
  file: z.string(),
  /** Absent when connect created the file. */
  backup: z.string().optional(),
  /** The topmost directory connect had to create for the file, if any. */
  createdDir: z.string().optional(),
  clientId: z.string(),
  clientName: z.string(),
  writtenSha256: z.string(),
  at: z.string(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

const JournalSchema = z.partialRecord(ClientConfigIdSchema, ConnectionSchema);
type Journal = z.infer<typeof JournalSchema>;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class ConnectionsJournal {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'client-connections.json');
  }

  async #read(): Promise<Journal> {
    const text = await readIfExists(this.file);
    if (text === undefined) return {};
    const parsed = JournalSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${this.file}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
    }
    return parsed.data;
  }

  async get(client: ClientConfigId): Promise<Connection | undefined> {
    return (await this.#read())[client];
  }

  async set(client: ClientConfigId, connection: Connection | undefined): Promise<void> {
    const journal = await this.#read();
    if (connection) journal[client] = connection;
    else delete journal[client];
    await writeFileAtomically(this.file, `${JSON.stringify(journal, null, 2)}\n`);
  }
}

/** The file's hash now, or undefined when it is gone. */
export async function currentSha(file: string): Promise<string | undefined> {
  return readFile(file).then(
    (bytes) => createHash('sha256').update(bytes).digest('hex'),
    () => undefined,
  );
}
