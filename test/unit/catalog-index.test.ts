import { describe, expect, it } from 'vitest';
import { CATALOG_META_KEY, ServerJsonSchema, type ServerJson } from '../../shared/catalog.ts';
import { checkEntries } from '../../electron/gateway/catalog/catalog.ts';
import { CatalogIndex, summaryOf } from '../../electron/gateway/catalog/catalog-index.ts';

const npm = (name: string, description: string, extra: Partial<ServerJson> = {}, secret = false) =>
  ServerJsonSchema.parse({
    name,
    description,
    version: '1.0.0',
    packages: [
      {
        registryType: 'npm',
        identifier: name,
        version: '1.0.0',
        transport: { type: 'stdio' },
        environmentVariables: secret ? [{ name: 'API_KEY', isSecret: true, isRequired: true }] : [],
      },
    ],
    ...extra,
  });

const servers = [
  npm(
    'io.github.acme/issue-tracker',
    'Create and triage issues',
    { _meta: { [CATALOG_META_KEY]: { tags: ['bugs', 'tickets'] } } },
    true,
  ),
  npm('io.github.acme/files', 'Read and write local files'),
  ServerJsonSchema.parse({
    name: 'com.example/weather',
    title: 'Weather',
    description: 'Forecasts for any city',
    version: '2.0.0',
    remotes: [
      {
        type: 'streamable-http',
        url: 'https://weather.example/mcp',
        headers: [{ name: 'Authorization', isSecret: true }],
      },
    ],
  }),
  ServerJsonSchema.parse({
    name: 'io.github.acme/fetch',
    description: 'Fetches web pages as markdown',
    version: '0.6.2',
    packages: [
      {
        registryType: 'pypi',
        identifier: 'mcp-server-fetch',
        version: '0.6.2',
        runtimeHint: 'uvx',
        transport: { type: 'stdio' },
      },
    ],
  }),
];

describe('catalog index', () => {
  const index = new CatalogIndex(servers);

  it('ranks by name, title, description and tags', () => {
    expect(index.search('tickets')[0]!.name).toBe('io.github.acme/issue-tracker');
    expect(index.search('weather forecast')[0]!.name).toBe('com.example/weather');
    expect(index.search('file')[0]!.name).toBe('io.github.acme/files');
    expect(index.search(undefined).map((server) => server.name)).toEqual([
      'com.example/weather',
      'io.github.acme/fetch',
      'io.github.acme/files',
      'io.github.acme/issue-tracker',
    ]);
  });

  it('filters by kind, transport and whether a secret is needed', () => {
    const names = (filters: Parameters<CatalogIndex['search']>[1]) =>
      index.search(undefined, filters).map((server) => server.name);
    expect(names({ kind: 'remote' })).toEqual(['com.example/weather']);
    expect(names({ kind: 'pypi' })).toEqual(['io.github.acme/fetch']);
    expect(names({ transport: 'streamable-http' })).toEqual(['com.example/weather']);
    expect(names({ needsSecret: true })).toEqual([
      'com.example/weather',
      'io.github.acme/issue-tracker',
    ]);
    expect(names({ needsSecret: false, kind: 'npm' })).toEqual(['io.github.acme/files']);
  });

  it('summarises what an entry needs, never values', () => {
    expect(summaryOf(servers[2]!)).toMatchObject({
      kinds: ['remote'],
      transports: ['streamable-http'],
      needsSecret: true,
      settings: [{ name: 'Authorization', isSecret: true, isRequired: false }],
    });
  });

  it('keeps the good entries of a list and names each bad one with its field', () => {
    const { servers: good, problems } = checkEntries(
      [
        servers[0],
        { name: 'io.x/no-packages', description: 'd', version: '1' },
        { name: 'bad name', description: 'd', version: '1', remotes: [{ type: 'sse', url: 'u' }] },
        42,
      ],
      'test list',
    );
    expect(good).toHaveLength(1);
    expect(problems).toEqual([
      {
        source: 'test list',
        index: 1,
        name: 'io.x/no-packages',
        problem: 'packages: a server needs at least one package or remote',
      },
      {
        source: 'test list',
        index: 2,
        name: 'bad name',
        problem: 'name: use "<reverse-dns namespace>/<name>"',
      },
      { source: 'test list', index: 3, problem: 'Invalid input: expected object, received number' },
    ]);
  });
});
