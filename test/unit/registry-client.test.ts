/**
 * The MCP Registry client against a local fixture speaking the v0 API on loopback: paging by
 * cursor, query parameters, failures in words (HTTP status, timeout, refused, not a server list),
 * bad entries skipped and named, and the listing cached on disk.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_REGISTRY_URL,
  RegistryClient,
  RegistryError,
} from '../../electron/gateway/catalog/registry-client.ts';
import {
  readRegistryCache,
  writeRegistryCache,
} from '../../electron/gateway/catalog/registry-cache.ts';

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json';

const SERVERS: Array<Record<string, unknown>> = [
  {
    $schema: SCHEMA,
    name: 'io.github.modelcontextprotocol/server-filesystem',
    title: 'Filesystem',
    description: 'Read, write and search files in the directories you allow',
    version: '2025.8.21',
    repository: { url: 'https://github.com/modelcontextprotocol/servers', source: 'github' },
    packages: [
      {
        registryType: 'npm',
        identifier: '@modelcontextprotocol/server-filesystem',
        version: '2025.8.21',
        transport: { type: 'stdio' },
        packageArguments: [
          { type: 'positional', valueHint: 'directory', format: 'filepath', isRequired: true },
        ],
      },
    ],
  },
  {
    $schema: SCHEMA,
    name: 'io.github.github/github-mcp-server',
    title: 'GitHub',
    description: "GitHub's official MCP server: repositories, issues, pull requests, actions",
    version: '0.13.0',
    remotes: [
      {
        type: 'streamable-http',
        url: 'https://api.githubcopilot.com/mcp/',
        headers: [
          {
            name: 'Authorization',
            description: 'Bearer <personal access token>',
            isRequired: true,
            isSecret: true,
          },
        ],
      },
    ],
  },
  {
    $schema: SCHEMA,
    name: 'io.github.modelcontextprotocol/server-memory',
    description: 'A knowledge graph the model keeps between conversations',
    version: '2025.8.4',
    packages: [
      {
        registryType: 'npm',
        identifier: '@modelcontextprotocol/server-memory',
        version: '2025.8.4',
        transport: { type: 'stdio' },
        environmentVariables: [
          { name: 'MEMORY_FILE_PATH', description: 'Where to keep the graph', format: 'filepath' },
        ],
      },
    ],
  },
  {
    $schema: SCHEMA,
    name: 'io.github.brave/brave-search-mcp-server',
    description: 'Web, news, image and local search through the Brave Search API',
    version: '2.0.10',
    packages: [
      {
        registryType: 'npm',
        identifier: '@brave/brave-search-mcp-server',
        version: '2.0.10',
        transport: { type: 'stdio' },
        environmentVariables: [
          { name: 'BRAVE_API_KEY', description: 'Your API key', isRequired: true, isSecret: true },
        ],
      },
    ],
  },
  {
    $schema: SCHEMA,
    name: 'io.github.modelcontextprotocol/server-fetch',
    description: 'Fetch a web page and hand it to the model as markdown',
    version: '2025.4.7',
    packages: [
      {
        registryType: 'pypi',
        identifier: 'mcp-server-fetch',
        version: '2025.4.7',
        runtimeHint: 'uvx',
        transport: { type: 'stdio' },
      },
    ],
  },
  {
    $schema: SCHEMA,
    name: 'io.github.microsoft/playwright-mcp',
    title: 'Playwright',
    description: 'Drive a browser: navigate, click, fill forms, read the accessibility tree',
    version: '0.0.41',
    packages: [
      {
        registryType: 'npm',
        identifier: '@playwright/mcp',
        version: '0.0.41',
        transport: { type: 'stdio' },
        packageArguments: [{ type: 'named', name: '--headless' }],
      },
    ],
  },
  {
    $schema: SCHEMA,
    name: 'io.github.modelcontextprotocol/server-time',
    description: 'The current time and conversions between time zones',
    version: '2025.9.25',
    packages: [
      {
        registryType: 'oci',
        identifier: 'docker.io/mcp/time',
        version: '2025.9.25',
        transport: { type: 'stdio' },
      },
    ],
  },
];
const NAMES = SERVERS.map((server) => server.name as string).sort();
const PAGE_SIZE = 3;

const item = (server: Record<string, unknown>) => ({
  server,
  _meta: {
    'io.modelcontextprotocol.registry/official': {
      status: 'active',
      publishedAt: '2025-09-30T10:00:00Z',
      updatedAt: '2025-10-02T08:30:00Z',
      isLatest: true,
    },
  },
});

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

describe('RegistryClient', () => {
  let server: Server;
  let baseUrl: string;
  let dataDir: string;
  let servers: Array<Record<string, unknown>>;
  let handler: Handler;
  const requests: URL[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const json = (res: ServerResponse, body: unknown, status = 200) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  /** The API as the registry speaks it: sorted by name, keyset cursor, substring search. */
  const listServers: Handler = (_req, res, url) => {
    const search = url.searchParams.get('search') ?? '';
    const cursor = url.searchParams.get('cursor');
    const after = cursor ? Buffer.from(cursor, 'base64url').toString() : '';
    const limit = Math.min(Number(url.searchParams.get('limit') ?? PAGE_SIZE), PAGE_SIZE);
    const matching = [...servers]
      .sort((a, b) => String(a.name).localeCompare(String(b.name)))
      .filter((entry) => String(entry.name).includes(search) && String(entry.name) > after);
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    json(res, {
      servers: page.map(item),
      metadata: {
        count: page.length,
        ...(matching.length > limit && last
          ? { nextCursor: Buffer.from(String(last.name)).toString('base64url') }
          : {}),
      },
    });
  };
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const client = (options: { timeoutMs?: number } = {}) =>
    new RegistryClient({ baseUrl, ...options });
  const failure = async (promise: Promise<unknown>): Promise<RegistryError> => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  };

  beforeEach(async () => {
    servers = SERVERS;
    handler = listServers;
    requests.length = 0;
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(url);
      if (!url.pathname.endsWith('/v0/servers')) return json(res, { title: 'Not Found' }, 404);
      handler(req, res, url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-registry-'));
  });
  afterEach(async () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads one page with its publication details and the cursor to the next', async () => {
    const page = await client().page({});
    expect(page.entries.map((entry) => entry.server.name)).toEqual(NAMES.slice(0, 3));
    expect(page.entries[0]).toMatchObject({
      publishedAt: '2025-09-30T10:00:00Z',
      updatedAt: '2025-10-02T08:30:00Z',
      isLatest: true,
    });
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page.skipped).toEqual([]);
    expect(Object.fromEntries(requests[0]!.searchParams)).toEqual({ version: 'latest' });
  });

  it('passes search, cursor and limit as query parameters, exactly', async () => {
    const cursor = Buffer.from(NAMES[0]!).toString('base64url');
    const page = await client().page({ search: 'modelcontextprotocol', cursor, limit: 2 });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.pathname).toBe('/v0/servers');
    expect(Object.fromEntries(requests[0]!.searchParams)).toEqual({
      search: 'modelcontextprotocol',
      cursor,
      limit: '2',
      version: 'latest',
    });
    const expected = NAMES.filter((name) => name.includes('modelcontextprotocol'))
      .filter((name) => name > NAMES[0]!)
      .slice(0, 2);
    expect(page.entries.map((entry) => entry.server.name)).toEqual(expected);
  });

  it('keeps a path in the base URL and drops a trailing slash', async () => {
    const plain = new RegistryClient({ baseUrl: `${baseUrl}/` });
    await plain.page({ limit: 1 });
    expect(requests[0]!.pathname).toBe('/v0/servers');
    expect(plain.baseUrl).toBe(baseUrl);
    const mirror = new RegistryClient({ baseUrl: `${baseUrl}/mirror/` });
    await mirror.page({ limit: 1 });
    expect(requests[1]!.pathname).toBe('/mirror/v0/servers');
    expect(mirror.baseUrl).toBe(`${baseUrl}/mirror`);
    expect(new RegistryClient().baseUrl).toBe(DEFAULT_REGISTRY_URL);
    expect(new RegistryClient().timeoutMs).toBe(8000);
    expect(() => new RegistryClient({ baseUrl: 'registry.example' })).toThrow(/not a registry URL/);
  });

  it('all() follows the cursor across three pages and collects every entry', async () => {
    const listing = await client().all();
    expect(listing.entries.map((entry) => entry.server.name)).toEqual(NAMES);
    expect(listing.nextCursor).toBeUndefined();
    expect(listing.skipped).toEqual([]);
    expect(requests).toHaveLength(3);
    expect(requests[0]!.searchParams.has('cursor')).toBe(false);
    expect(requests[1]!.searchParams.get('cursor')).toBe(
      Buffer.from(NAMES[2]!).toString('base64url'),
    );
    expect(requests[2]!.searchParams.get('cursor')).toBe(
      Buffer.from(NAMES[5]!).toString('base64url'),
    );
  });

  it('all() forwards the search to every page', async () => {
    const listing = await client().all({ search: 'modelcontextprotocol' });
    expect(listing.entries.map((entry) => entry.server.name)).toEqual(
      NAMES.filter((name) => name.includes('modelcontextprotocol')),
    );
    expect(requests).toHaveLength(2);
    for (const request of requests)
      expect(request.searchParams.get('search')).toBe('modelcontextprotocol');
  });

  it('all() stops at maxPages and says more follow', async () => {
    const listing = await client().all({ maxPages: 2 });
    expect(requests).toHaveLength(2);
    expect(listing.entries.map((entry) => entry.server.name)).toEqual(NAMES.slice(0, 6));
    expect(listing.nextCursor).toEqual(expect.any(String));
  });

  it('all() asks for no more than maxEntries', async () => {
    const listing = await client().all({ maxEntries: 4 });
    expect(listing.entries).toHaveLength(4);
    expect(requests.map((request) => request.searchParams.get('limit'))).toEqual(['4', '1']);
    expect(listing.nextCursor).toEqual(expect.any(String));
  });

  it('all() stops when the registry hands back a cursor it already gave', async () => {
    let calls = 0;
    const looping = new RegistryClient({
      baseUrl,
      fetch: async () => {
        calls++;
        return Response.json({ servers: [item(SERVERS[0]!)], metadata: { nextCursor: 'same' } });
      },
    });
    const listing = await looping.all();
    expect(calls).toBe(2);
    expect(listing.entries).toHaveLength(2);
  });

  it('an HTTP error is kind "http" with the status and the registry named', async () => {
    handler = (_req, res) => json(res, { title: 'Internal Server Error' }, 500);
    const error = await failure(client().page({}));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.message).toBe(`the registry at ${baseUrl} answered HTTP 500`);
  });

  it('a registry that does not answer in time is kind "timeout", well before 2 s', async () => {
    handler = (_req, res) => later(10_000, () => json(res, { servers: [] }));
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 200 }).page({}));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`the registry at ${baseUrl} did not answer within 200 ms`);
  });

  it('a body that stalls after the headers is a timeout too', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"servers": [');
      later(10_000, () => res.end(']}'));
    };
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 200 }).page({}));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(error.kind).toBe('timeout');
  });

  it('a closed port is kind "network", with the code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}`;
    const error = await failure(new RegistryClient({ baseUrl: url }).page({}));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`could not reach the registry at ${url} (ECONNREFUSED)`);
  });

  it('an unknown host names the DNS code', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND registry.example'), {
      code: 'ENOTFOUND',
    });
    const error = await failure(
      new RegistryClient({
        baseUrl: 'https://registry.example',
        fetch: async () => {
          throw new TypeError('fetch failed', { cause: notFound });
        },
      }).page({}),
    );
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      'could not reach the registry at https://registry.example (ENOTFOUND)',
    );
  });

  it('a body that is not a server list is kind "malformed", naming the field', async () => {
    handler = (_req, res) => json(res, { servers: 5 });
    const error = await failure(client().page({}));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(
      new RegExp(`^the registry at ${baseUrl} sent something that is not a server list: servers: `),
    );
  });

  it('a body that is not JSON is kind "malformed"', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    };
    const error = await failure(client().page({}));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('not JSON');
  });

  it('skips a bad entry with its index, name and field, and keeps the rest', async () => {
    const { description: _dropped, ...noDescription } = SERVERS[2]!;
    servers = [SERVERS[0]!, noDescription, SERVERS[1]!];
    handler = (_req, res) => json(res, { servers: servers.map(item), metadata: { count: 3 } });
    const page = await client().page({});
    expect(page.entries.map((entry) => entry.server.name)).toEqual([
      SERVERS[0]!.name,
      SERVERS[1]!.name,
    ]);
    expect(page.skipped).toEqual([
      {
        index: 1,
        name: 'io.github.modelcontextprotocol/server-memory',
        problem: expect.stringMatching(/^description: /),
      },
    ]);
  });

  it('all() counts a skipped entry from the start of the listing', async () => {
    const bad = { name: 'io.github.modelcontextprotocol/server-gone', version: '1.0.0' };
    servers = [...SERVERS, bad];
    const listing = await client().all();
    expect(listing.entries).toHaveLength(7);
    const index = [...NAMES, bad.name].sort().indexOf(bad.name);
    expect(listing.skipped).toEqual([
      { index, name: bad.name, problem: expect.stringMatching(/^description: /) },
    ]);
  });

  it('caches a listing on disk and reads it back', async () => {
    const listing = await client().all();
    writeRegistryCache(dataDir, {
      fetchedAt: 1_760_000_000_000,
      baseUrl,
      entries: listing.entries,
    });
    expect(readdirSync(dataDir)).toEqual(['registry-cache.json']);
    expect(readRegistryCache(dataDir)).toEqual({
      fetchedAt: 1_760_000_000_000,
      baseUrl,
      entries: listing.entries,
    });
  });

  it('reads a missing, corrupt or foreign cache file as no cache', () => {
    expect(readRegistryCache(dataDir)).toBeUndefined();
    const file = join(dataDir, 'registry-cache.json');
    writeFileSync(file, '{"version": 1, "fetchedAt": 17');
    expect(readRegistryCache(dataDir)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ servers: [] }));
    expect(readRegistryCache(dataDir)).toBeUndefined();
    expect(readRegistryCache(join(dataDir, 'nowhere'))).toBeUndefined();
  });

  it('drops a cached entry that is no longer valid and keeps the others', () => {
    writeRegistryCache(dataDir, {
      fetchedAt: 1,
      baseUrl,
      entries: [{ server: SERVERS[0] as never }, { server: { name: 'bad' } as never }],
    });
    expect(readRegistryCache(dataDir)?.entries.map((entry) => entry.server.name)).toEqual([
      SERVERS[0]!.name,
    ]);
  });
});
