/**
 * A client for the official MCP Registry API (v0): `GET /v0/servers` pages of server.json
 * entries, followed by cursor. The envelope is checked with zod (a response that is not a server
 * list fails the page), each entry with `ServerJsonSchema` (a bad entry is skipped and named, the
 * rest of the page still loads). Failures are `RegistryError`s whose message names the registry
 * and says what happened: no answer in time, not reachable, an HTTP status, a body that is not a
 * server list. Pure Node: global `fetch` with a timeout per request.
 */
import { z } from 'zod';
import {
  describeEntryProblem,
  ServerJsonSchema,
  type ServerJson,
} from '../../../shared/catalog.ts';

export const DEFAULT_REGISTRY_URL = 'https://registry.modelcontextprotocol.io';
const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';
const DEFAULT_TIMEOUT_MS = 8000;
/** The official registry's largest page. */
const MAX_PAGE_SIZE = 100;

export type RegistryEntry = {
  server: ServerJson;
  publishedAt?: string;
  updatedAt?: string;
  isLatest?: boolean;
};
export type RegistryPage = {
  entries: RegistryEntry[];
  /** More entries follow (for `all()`: the listing was cut short by maxPages or maxEntries). */
  nextCursor?: string;
  /** Entries that are not valid server.json; `index` counts from the start of the listing. */
  skipped: Array<{ index: number; name?: string; problem: string }>;
};

type RegistryErrorKind = 'timeout' | 'network' | 'http' | 'malformed';
export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly status?: number;

  constructor(
    kind: RegistryErrorKind,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryError';
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
  }
}

export type RegistryClientOptions = {
  baseUrl?: string;
  /** Per request, body included. Default 8000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const EnvelopeSchema = z.looseObject({
  servers: z.array(z.unknown()),
  metadata: z
    .looseObject({
      nextCursor: z.string().nullish(),
      count: z.number().optional(),
    })
    .nullish(),
});
const ItemSchema = z.looseObject({
  server: z.unknown(),
  _meta: z.record(z.string(), z.unknown()).nullish(),
});
/** Publication details are a bonus: a registry that words them differently still lists. */
const OfficialMetaSchema = z.looseObject({
  publishedAt: z.string().optional().catch(undefined),
  updatedAt: z.string().optional().catch(undefined),
  isLatest: z.boolean().optional().catch(undefined),
});

function trimBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`"${raw}" is not a registry URL (use https://host[/path])`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`"${raw}" is not a registry URL (use https://host[/path])`);
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** undici wraps the cause: TypeError('fetch failed', { cause: Error | AggregateError }). */
function networkReason(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const { code, errors, cause } = current as {
      code?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string') return code;
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function nameOf(server: unknown): string | undefined {
  const name = (server as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && name ? name : undefined;
}

/** One item of `servers`: a checked entry, or why it was skipped. */
function readItem(item: unknown): RegistryEntry | { name?: string; problem: string } {
  const parsedItem = ItemSchema.safeParse(item);
  if (!parsedItem.success) return { problem: describeEntryProblem(parsedItem.error) };
  const parsed = ServerJsonSchema.safeParse(parsedItem.data.server);
  if (!parsed.success) {
    const name = nameOf(parsedItem.data.server);
    const problem = describeEntryProblem(parsed.error);
    return name === undefined ? { problem } : { name, problem };
  }
  const entry: RegistryEntry = { server: parsed.data };
  const meta = OfficialMetaSchema.safeParse(parsedItem.data._meta?.[OFFICIAL_META_KEY]);
  if (meta.success) {
    if (meta.data.publishedAt !== undefined) entry.publishedAt = meta.data.publishedAt;
    if (meta.data.updatedAt !== undefined) entry.updatedAt = meta.data.updatedAt;
    if (meta.data.isLatest !== undefined) entry.isLatest = meta.data.isLatest;
  }
  return entry;
}

export class RegistryClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: RegistryClientOptions = {}) {
    this.baseUrl = trimBaseUrl(options.baseUrl ?? DEFAULT_REGISTRY_URL);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** One page. Entries that fail ServerJsonSchema are skipped and reported in `skipped` (index, name if any, problem), never fail the page. */
  async page(query: { search?: string; cursor?: string; limit?: number }): Promise<RegistryPage> {
    const url = new URL(`${this.baseUrl}/v0/servers`);
    if (query.search) url.searchParams.set('search', query.search);
    if (query.cursor) url.searchParams.set('cursor', query.cursor);
    if (query.limit !== undefined) url.searchParams.set('limit', String(query.limit));
    url.searchParams.set('version', 'latest');

    const body = await this.#get(url);
    const envelope = EnvelopeSchema.safeParse(body);
    if (!envelope.success)
      throw new RegistryError(
        'malformed',
        `the registry at ${this.baseUrl} sent something that is not a server list: ${describeEntryProblem(envelope.error)}`,
      );

    const page: RegistryPage = { entries: [], skipped: [] };
    envelope.data.servers.forEach((item, index) => {
      const read = readItem(item);
      if ('server' in read) page.entries.push(read);
      else page.skipped.push({ index, ...read });
    });
    const nextCursor = envelope.data.metadata?.nextCursor;
    if (nextCursor) page.nextCursor = nextCursor;
    return page;
  }

  /** Follows nextCursor up to maxPages (default 20) / maxEntries (default 2000), for a full listing. */
  async all(
    query: { search?: string; maxPages?: number; maxEntries?: number } = {},
  ): Promise<RegistryPage> {
    const maxPages = query.maxPages ?? 20;
    const maxEntries = query.maxEntries ?? 2000;
    const listing: RegistryPage = { entries: [], skipped: [] };
    const seen = new Set<string>();
    let cursor: string | undefined;
    let offset = 0;
    for (let pages = 0; pages < maxPages && listing.entries.length < maxEntries; pages++) {
      const limit = Math.min(MAX_PAGE_SIZE, maxEntries - listing.entries.length);
      const page = await this.page({ search: query.search, cursor, limit });
      const room = maxEntries - listing.entries.length;
      listing.entries.push(...page.entries.slice(0, room));
      listing.skipped.push(
        ...page.skipped.map((skip) => ({ ...skip, index: offset + skip.index })),
      );
      offset += page.entries.length + page.skipped.length;
      cursor = page.nextCursor;
      // A registry that hands back a cursor it already gave would page forever.
      if (cursor === undefined || seen.has(cursor)) return listing;
      seen.add(cursor);
    }
    if (cursor !== undefined) listing.nextCursor = cursor;
    return listing;
  }

  /** GET and parse JSON, with every failure turned into a RegistryError naming the registry. */
  async #get(url: URL): Promise<unknown> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const fail = (error: unknown): never => {
      if (error instanceof RegistryError) throw error;
      if (signal.aborted)
        throw new RegistryError(
          'timeout',
          `the registry at ${this.baseUrl} did not answer within ${seconds(this.timeoutMs)}`,
          { cause: error },
        );
      throw new RegistryError(
        'network',
        `could not reach the registry at ${this.baseUrl} (${networkReason(error)})`,
        { cause: error },
      );
    };

    let text: string;
    try {
      const response = await this.#fetch(url, {
        headers: { accept: 'application/json' },
        signal,
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new RegistryError(
          'http',
          `the registry at ${this.baseUrl} answered HTTP ${response.status}`,
          { status: response.status },
        );
      }
      text = await response.text();
    } catch (error) {
      return fail(error);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new RegistryError(
        'malformed',
        `the registry at ${this.baseUrl} sent something that is not a server list: not JSON (${(error as Error).message})`,
        { cause: error },
      );
    }
  }
}
