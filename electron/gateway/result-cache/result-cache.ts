/**
 * Results of read-only tool calls, kept for a while per client: the same client calling the
 * same tool with the same arguments within the server's TTL gets the stored result instead of
 * another round trip. Never shared between clients (and so never between tenants). A server's
 * entries go as soon as it says its lists or a resource changed.
 */
import type { Result } from '@modelcontextprotocol/sdk/types.js';

/** Per server: enough for repeated look-ups, small enough to never matter for memory. */
export const MAX_ENTRIES_PER_SERVER = 500;

type Entry = { result: Result; expires: number };

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are one key. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  const record = value as Record<string, unknown>;
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`).join(',')}}`;
}

export type CacheKey = { clientId: string; server: string; tool: string; arguments: unknown };

export class ResultCache {
  readonly #servers = new Map<string, Map<string, Entry>>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A copy of the stored result, or undefined when there is none or it expired. */
  get(key: CacheKey): Result | undefined {
    const entries = this.#servers.get(key.server);
    const id = entryId(key);
    const entry = entries?.get(id);
    if (!entry) return undefined;
    if (entry.expires <= this.#now()) {
      entries!.delete(id);
      return undefined;
    }
    return structuredClone(entry.result);
  }

  set(key: CacheKey, result: Result, ttlMs: number): void {
    let entries = this.#servers.get(key.server);
    if (!entries) this.#servers.set(key.server, (entries = new Map()));
    const id = entryId(key);
    entries.delete(id); // re-inserted last: the map's order is oldest first
    entries.set(id, { result: structuredClone(result), expires: this.#now() + ttlMs });
    while (entries.size > MAX_ENTRIES_PER_SERVER) entries.delete(entries.keys().next().value!);
  }

  /** Forgets everything `server` answered (its lists or resources changed, or it restarted). */
  invalidate(server: string): void {
    this.#servers.delete(server);
  }

  /** Forgets everything kept for one client, on every server. */
  invalidateClient(clientId: string): void {
    const prefix = `${clientId}\u0000`;
    for (const entries of this.#servers.values())
      for (const id of entries.keys()) if (id.startsWith(prefix)) entries.delete(id);
  }

  size(server: string): number {
    return this.#servers.get(server)?.size ?? 0;
  }
}

function entryId({ clientId, tool, arguments: args }: CacheKey): string {
  return `${clientId}\u0000${tool}\u0000${stableJson(args ?? {})}`;
}
