/**
 * The fallback when there is no OS keychain: `<dataDir>/secrets.json`, readable only by this
 * user (0600) but not encrypted. openSecretStore says so loudly whenever it picks this store.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { assertSecretAccount, type SecretStore } from './secret-store.ts';

export const SECRETS_FILE_NAME = 'secrets.json';

const SecretsFileSchema = z.object({
  version: z.literal(1),
  secrets: z.record(z.string(), z.string()),
});
type SecretsFile = z.infer<typeof SecretsFileSchema>;

/** Modes mean little on Windows (ACLs rule there); elsewhere group/other bits must stay clear. */
const CHECK_MODE = process.platform !== 'win32';

export class SecretFileError extends Error {
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.file = file;
    this.name = 'SecretFileError';
  }
}

export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly file: string;
  readonly #dataDir: string;
  /** Read-modify-write cycles run one at a time, so two sets in flight cannot lose either. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
    this.file = join(dataDir, SECRETS_FILE_NAME);
  }

  async get(account: string): Promise<string | undefined> {
    const { secrets } = await this.#read();
    return Object.hasOwn(secrets, account) ? secrets[account] : undefined;
  }

  async has(account: string): Promise<boolean> {
    return (await this.get(account)) !== undefined;
  }

  async list(): Promise<string[]> {
    return Object.keys((await this.#read()).secrets).sort();
  }

  async set(account: string, value: string): Promise<void> {
    assertSecretAccount(account);
    await this.#update((secrets) => {
      secrets[account] = value;
      return true;
    });
  }

  async delete(account: string): Promise<boolean> {
    return this.#update((secrets) => {
      if (!Object.hasOwn(secrets, account)) return false;
      delete secrets[account];
      return true;
    });
  }

  #update(change: (secrets: Record<string, string>) => boolean): Promise<boolean> {
    const run = this.#queue.then(async () => {
      const contents = await this.#read();
      const changed = change(contents.secrets);
      if (changed) await this.#write(contents);
      return changed;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<SecretsFile> {
    let text: string;
    try {
      await this.#tightenMode();
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { version: 1, secrets: Object.create(null) };
      throw new SecretFileError(this.file, `cannot be read (${code ?? (error as Error).message})`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      // JSON.parse's own message quotes the text, which would put secrets into logs.
      throw new SecretFileError(
        this.file,
        'is not valid JSON; repair it, or delete it and set the secrets again',
      );
    }
    const parsed = SecretsFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `"${issue.path.join('.')}" ` : '';
      throw new SecretFileError(
        this.file,
        `${where}${issue.message} (expected {"version": 1, "secrets": {"<server>/<key>": "<value>"}})`,
      );
    }
    return { version: 1, secrets: Object.assign(Object.create(null), parsed.data.secrets) };
  }

  /** A file someone made group- or world-readable is put back to 0600 before we use it. */
  async #tightenMode(): Promise<void> {
    if (!CHECK_MODE) return;
    const { mode } = await stat(this.file);
    if ((mode & 0o077) !== 0) await chmod(this.file, 0o600);
  }

  /** Write a sibling temp file (0600 from birth) and rename it over: readers never see half a file. */
  async #write(contents: SecretsFile): Promise<void> {
    await mkdir(this.#dataDir, { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const sorted = Object.fromEntries(
      Object.entries(contents.secrets).sort(([a], [b]) => a.localeCompare(b)),
    );
    try {
      await writeFile(temp, `${JSON.stringify({ version: 1, secrets: sorted }, null, 2)}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
      if (CHECK_MODE) await chmod(temp, 0o600); // in case a umask or ACL default widened it
      await rename(temp, this.file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new SecretFileError(
        this.file,
        `cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
}
