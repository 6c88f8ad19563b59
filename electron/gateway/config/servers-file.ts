/**
 * Writes the `mcpServers` file when servers are added or removed at runtime. The file is the
 * user's (often Claude Desktop's own config), so every key we do not manage is kept as it was,
 * and the new content replaces the old atomically (temp file + rename): a crash mid-write
 * never leaves half a config behind.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { ConfigError } from './servers-config.ts';

type Entries = Record<string, unknown>;

/** One write at a time per file, so two quick adds do not lose one another. */
const queues = new Map<string, Promise<unknown>>();

async function readJson(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '', `is not valid JSON (${(error as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(file, '', 'must hold a JSON object');
  return value as Record<string, unknown>;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const mode = await stat(file).then(
    (info) => info.mode & 0o777,
    () => 0o600,
  );
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Applies `change` to the file's `mcpServers` entries and writes the result back. */
export function updateServersFile(file: string, change: (servers: Entries) => void): Promise<void> {
  const run = async () => {
    const config = await readJson(file);
    const current = config.mcpServers;
    if (
      current !== undefined &&
      (typeof current !== 'object' || current === null || Array.isArray(current))
    )
      throw new ConfigError(file, 'mcpServers', 'must be an object');
    const servers: Entries = { ...((current as Entries | undefined) ?? {}) };
    change(servers);
    await writeAtomically(file, `${JSON.stringify({ ...config, mcpServers: servers }, null, 2)}\n`);
  };
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(run);
  queues.set(file, next);
  void next
    .finally(() => {
      if (queues.get(file) === next) queues.delete(file);
    })
    .catch(() => {});
  return next;
}

/** The raw entries of an `mcpServers` file, for importing (validated by the caller). */
export async function readServersFileEntries(file: string): Promise<Record<string, Entries>> {
  const config = await readJson(file);
  const servers = config.mcpServers;
  if (!servers || typeof servers !== 'object' || Array.isArray(servers))
    throw new ConfigError(file, 'mcpServers', 'is missing or not an object');
  for (const [name, entry] of Object.entries(servers))
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new ConfigError(file, `mcpServers.${name}`, 'must be an object describing one server');
  return servers as Record<string, Entries>;
}
