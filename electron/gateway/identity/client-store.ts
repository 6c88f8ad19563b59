/**
 * Client identities. Each AI client gets a random 256-bit token, shown once; only its SHA-256
 * is stored, so the file alone never lets anyone in. Kept with `conf` in the data dir.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { ClientNameSchema, type ClientInfo } from '../../../shared/clients.ts';
import { ConfigError } from '../config/servers-config.ts';

const StoredClientSchema = z.object({
  id: z.string(),
  name: ClientNameSchema,
  profile: z.string(),
  createdAt: z.number(),
  revokedAt: z.number().optional(),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
});
type StoredClient = z.infer<typeof StoredClientSchema>;
const StoredClientsSchema = z.array(StoredClientSchema);

export const TOKEN_PREFIX = 'sb_';

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function publicInfo({ tokenHash: _hash, ...info }: StoredClient): ClientInfo {
  return info;
}

export class ClientStore {
  readonly #conf: Conf<{ clients: unknown[] }>;
  #clients: StoredClient[];
  readonly #revokedListeners = new Set<(client: ClientInfo) => void>();
  readonly #changedListeners = new Set<(clients: ClientInfo[]) => void>();

  /** The file's mtime and size when last read: the CLI may change it while a gateway runs. */
  #seen = '';
  /** Set by a file-system watch; until then no request pays for a stat. */
  #dirty = false;
  #watcher?: FSWatcher;

  /**
   * Notices changes other processes make (`switchboard clients add|revoke` beside a running
   * gateway). The directory is watched because writes replace the file (write, then rename).
   */
  watch(): void {
    if (this.#watcher) return;
    const file = basename(this.#conf.path);
    this.#watcher = watch(dirname(this.#conf.path), (_event, name) => {
      if (name === null || name === file) this.#dirty = true;
    });
    this.#watcher.unref();
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  constructor(dataDir: string) {
    this.#conf = new Conf({
      cwd: dataDir,
      configName: 'clients',
      projectName: 'switchboard',
      defaults: { clients: [] as unknown[] },
    });
    this.#clients = this.#read();
  }

  #read(): StoredClient[] {
    const parsed = StoredClientsSchema.safeParse(this.#conf.get('clients'));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(this.#conf.path, ['clients', ...issue.path].join('.'), issue.message);
    }
    this.#seen = this.#stamp();
    return parsed.data;
  }

  #stamp(): string {
    try {
      const stat = statSync(this.#conf.path);
      return `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return '';
    }
  }

  /**
   * Picks up changes another process made (`switchboard clients add|revoke` beside a running
   * gateway). A stat per check is cheap next to a request; revocations found this way close
   * the client's sessions like local ones.
   */
  #refresh(): void {
    // Without a watch (one-shot CLI use) every check looks at the file itself.
    if (this.#watcher && !this.#dirty) return;
    this.#dirty = false;
    if (this.#stamp() === this.#seen) return;
    const before = new Map(this.#clients.map((client) => [client.id, client]));
    let next: StoredClient[];
    try {
      next = this.#read();
    } catch {
      return; // a half-written or broken file: keep what we had
    }
    this.#clients = next;
    this.#emitChanged();
    for (const client of next) {
      if (client.revokedAt !== undefined && before.get(client.id)?.revokedAt === undefined) {
        for (const listener of this.#revokedListeners) listener(publicInfo(client));
      }
    }
  }

  list(): ClientInfo[] {
    this.#refresh();
    return this.#clients.map(publicInfo);
  }

  get active(): ClientInfo[] {
    return this.list().filter((client) => client.revokedAt === undefined);
  }

  /** Creates a client and returns its token: the only time the token exists outside the client. */
  add(name: string, profile: string): { client: ClientInfo; token: string } {
    const validName = ClientNameSchema.parse(name);
    this.#refresh();
    if (this.active.some((client) => client.name === validName))
      throw new Error(`a client named "${validName}" already exists`);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const stored: StoredClient = {
      id: randomUUID(),
      name: validName,
      profile,
      createdAt: Date.now(),
      tokenHash: hashToken(token).toString('hex'),
    };
    this.#clients = [...this.#clients, stored];
    this.#save();
    return { client: publicInfo(stored), token };
  }

  /** Revokes by id or by name; open sessions of the client are closed by whoever listens. */
  revoke(idOrName: string): ClientInfo {
    this.#refresh();
    const target = this.#clients.find(
      (client) =>
        client.revokedAt === undefined && (client.id === idOrName || client.name === idOrName),
    );
    if (!target) throw new Error(`no active client with id or name "${idOrName}"`);
    const revoked = { ...target, revokedAt: Date.now() };
    this.#clients = this.#clients.map((client) => (client === target ? revoked : client));
    this.#save();
    for (const listener of this.#revokedListeners) listener(publicInfo(revoked));
    return publicInfo(revoked);
  }

  /** Any add or revocation, here or by another process (seen on the next look-up). */
  onChanged(listener: (clients: ClientInfo[]) => void): () => void {
    this.#changedListeners.add(listener);
    return () => this.#changedListeners.delete(listener);
  }

  #emitChanged(): void {
    const clients = this.#clients.map(publicInfo);
    for (const listener of this.#changedListeners) listener(clients);
  }

  onRevoked(listener: (client: ClientInfo) => void): () => void {
    this.#revokedListeners.add(listener);
    return () => this.#revokedListeners.delete(listener);
  }

  /** The active client holding this token. Every stored hash is compared, in constant time. */
  authenticate(token: string): ClientInfo | undefined {
    this.#refresh();
    const presented = hashToken(token);
    let match: StoredClient | undefined;
    for (const client of this.#clients) {
      const equal = timingSafeEqual(presented, Buffer.from(client.tokenHash, 'hex'));
      if (equal && client.revokedAt === undefined) match = client;
    }
    return match && publicInfo(match);
  }

  #save(): void {
    this.#conf.set('clients', this.#clients);
    this.#seen = this.#stamp();
    this.#emitChanged();
  }
}
