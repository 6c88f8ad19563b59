/**
 * The last registry listing on disk (`<dataDir>/registry-cache.json`), for when the registry is
 * out of reach. It is public data, so no special mode; it is replaced atomically (temp file,
 * then rename), so a reader never sees half a file. Read back through zod: a file that is not a
 * listing reads as no cache at all, and an entry that no longer passes `ServerJsonSchema` is
 * dropped rather than costing the rest.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ServerJsonSchema } from '../../../shared/catalog.ts';
import type { RegistryEntry } from './registry-client.ts';

export const REGISTRY_CACHE_FILE = 'registry-cache.json';
const CACHE_VERSION = 1;

export type CachedListing = { fetchedAt: number; baseUrl: string; entries: RegistryEntry[] };

const CacheFileSchema = z.object({
  version: z.literal(CACHE_VERSION),
  fetchedAt: z.number(),
  baseUrl: z.string(),
  entries: z.array(z.unknown()),
});
const CachedEntrySchema = z.object({
  server: ServerJsonSchema,
  publishedAt: z.string().optional(),
  updatedAt: z.string().optional(),
  isLatest: z.boolean().optional(),
});

/** The cached listing, or undefined when there is none or it is not one (never throws). */
export function readRegistryCache(dataDir: string): CachedListing | undefined {
  try {
    const file = CacheFileSchema.safeParse(
      JSON.parse(readFileSync(join(dataDir, REGISTRY_CACHE_FILE), 'utf8')),
    );
    if (!file.success) return undefined;
    const entries = file.data.entries.flatMap((raw) => {
      const entry = CachedEntrySchema.safeParse(raw);
      return entry.success ? [entry.data] : [];
    });
    return { fetchedAt: file.data.fetchedAt, baseUrl: file.data.baseUrl, entries };
  } catch {
    return undefined;
  }
}

/** Replaces the cache file atomically; throws if the data dir cannot be written. */
export function writeRegistryCache(dataDir: string, listing: CachedListing): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, REGISTRY_CACHE_FILE);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const content = {
    version: CACHE_VERSION,
    fetchedAt: listing.fetchedAt,
    baseUrl: listing.baseUrl,
    entries: listing.entries,
  };
  try {
    writeFileSync(temp, `${JSON.stringify(content)}\n`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
