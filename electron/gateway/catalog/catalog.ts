/**
 * The catalog a user installs from: the live MCP Registry when it answers (through a client
 * with timeouts, its listing cached in the data dir), else that cache, and always the catalog
 * bundled with Switchboard, so it works with no network. Every entry is checked on the way in;
 * a bad one is named (where it came from, which entry, which field) and left out.
 */
import { readFileSync } from 'node:fs';
import {
  ServerJsonSchema,
  describeEntryProblem,
  type ServerJson,
} from '../../../shared/catalog.ts';
import type { CatalogSource } from '../../../shared/catalog-view.ts';
import { CatalogIndex } from './catalog-index.ts';
import { readRegistryCache, writeRegistryCache } from './registry-cache.ts';
import type { RegistryClient } from './registry-client.ts';

export const BUNDLED_CATALOG = new URL('./bundled-catalog.json', import.meta.url);
/** How long a fetched registry listing is used before asking the registry again. */
export const DEFAULT_CACHE_MS = 60 * 60_000;

export type EntryProblem = { source: string; index: number; name?: string; problem: string };

/** The entries of `raw` that are valid server.json, and what is wrong with the others. */
export function checkEntries(
  raw: readonly unknown[],
  source: string,
): { servers: ServerJson[]; problems: EntryProblem[] } {
  const servers: ServerJson[] = [];
  const problems: EntryProblem[] = [];
  raw.forEach((entry, index) => {
    const parsed = ServerJsonSchema.safeParse(entry);
    if (parsed.success) return void servers.push(parsed.data);
    const name = (entry as { name?: unknown } | null)?.name;
    problems.push({
      source,
      index,
      ...(typeof name === 'string' ? { name } : {}),
      problem: describeEntryProblem(parsed.error),
    });
  });
  return { servers, problems };
}

let bundledOnce: ReturnType<typeof checkEntries> | undefined;

/** Read and checked once per process: it ships with us and does not change while we run. */
function bundledCatalog(): ReturnType<typeof checkEntries> {
  return (bundledOnce ??= loadBundledCatalog());
}

export function loadBundledCatalog(file: URL = BUNDLED_CATALOG) {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { servers?: unknown };
  const raw = Array.isArray(parsed.servers) ? parsed.servers : [];
  return checkEntries(raw, 'bundled catalog');
}

export type Listing = { index: CatalogIndex; source: CatalogSource; problems: EntryProblem[] };

export type CatalogOptions = {
  dataDir: string;
  /** Undefined: offline, the bundled catalog and any cached listing only. */
  registry?: RegistryClient;
  cacheMs?: number;
  now?: () => number;
};

export class Catalog {
  readonly #options: CatalogOptions;
  readonly #bundled = bundledCatalog();

  constructor(options: CatalogOptions) {
    this.#options = options;
  }

  /** The entries to search now, and where they came from. */
  async listing(options: { refresh?: boolean } = {}): Promise<Listing> {
    const { dataDir, registry, cacheMs = DEFAULT_CACHE_MS, now = Date.now } = this.#options;
    let cache = readRegistryCache(dataDir);
    // A listing of another registry (the URL was changed) is not this one's.
    if (cache && registry && cache.baseUrl !== registry.baseUrl) cache = undefined;
    let source: CatalogSource;
    const problems = [...this.#bundled.problems];
    const fresh = cache && !options.refresh && now() - cache.fetchedAt < cacheMs;
    if (registry && !fresh) {
      try {
        const page = await registry.all();
        cache = { fetchedAt: now(), baseUrl: registry.baseUrl, entries: page.entries };
        writeRegistryCache(dataDir, cache);
        problems.push(
          ...page.skipped.map((skip) => ({
            source: `MCP Registry at ${registry.baseUrl}`,
            ...skip,
          })),
        );
        source = { kind: 'registry', fetchedAt: cache.fetchedAt };
      } catch (error) {
        const note = (error as Error).message;
        source = cache
          ? { kind: 'cache', fetchedAt: cache.fetchedAt, note }
          : { kind: 'bundled', note };
      }
    } else if (cache) {
      source = {
        kind: 'cache',
        fetchedAt: cache.fetchedAt,
        ...(registry ? {} : { note: 'offline' }),
      };
    } else {
      source = { kind: 'bundled', ...(registry ? {} : { note: 'offline' }) };
    }
    // The registry's entries first: they are newer than the ones shipped with us.
    const servers = [
      ...(cache?.entries.map((entry) => entry.server) ?? []),
      ...this.#bundled.servers,
    ];
    return { index: new CatalogIndex(servers), source, problems };
  }
}

/** By its full name, or by the part after the slash or its title when only one entry has it. */
export function findEntry(listing: Listing, name: string): ServerJson {
  const exact = listing.index.get(name);
  if (exact) return exact;
  const wanted = name.toLowerCase();
  const close = listing.index
    .search(undefined, {}, Number.MAX_SAFE_INTEGER)
    .filter(
      (server) =>
        server.name.toLowerCase().endsWith(`/${wanted}`) || server.title?.toLowerCase() === wanted,
    );
  if (close.length === 1) return close[0]!;
  const hint = close.length
    ? `: it could be ${close.map((server) => server.name).join(', ')}`
    : ` (try: switchboard catalog search ${name})`;
  throw new Error(`no catalog entry named "${name}"${hint}`);
}
