/**
 * Installing from the catalog for real: a registry speaking the MCP Registry API on loopback
 * lists `@modelcontextprotocol/server-memory` at a pinned version; the gateway installs it from
 * the npm registry into its data dir with progress, starts it, and a client calls its tool.
 * Then the registry offers a newer version (update keeps the settings), and uninstall leaves
 * nothing behind. A version that does not exist fails and leaves no files.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, MethodParams, MethodResult } from '../../shared/contract.ts';
import type { HttpEngineApi } from '../../shared/http-engine-client.ts';
import type { InstallProgress } from '../../shared/install.ts';
import { adminApi, startGateway, type Harness } from '../helpers/gateway-harness.ts';

const CATALOG_NAME = 'io.example/memory';
let version = '2026.7.4';

const registryEntry = () => ({
  server: {
    name: CATALOG_NAME,
    title: 'Memory (test)',
    description: 'A knowledge graph memory, installed from npm in a test',
    version,
    packages: [
      {
        registryType: 'npm',
        identifier: '@modelcontextprotocol/server-memory',
        version,
        transport: { type: 'stdio' },
        environmentVariables: [
          { name: 'MEMORY_FILE_PATH', isRequired: true, format: 'filepath' },
          { name: 'DEMO_TOKEN', isRequired: true, isSecret: true, description: 'A secret' },
        ],
      },
    ],
  },
  _meta: { 'io.modelcontextprotocol.registry/official': { status: 'active', isLatest: true } },
});

describe('installing from the catalog', () => {
  let registry: Server;
  let harness: Harness;
  let api: HttpEngineApi;
  let dir: string;
  let configFile: string;
  const progress: InstallProgress[] = [];

  beforeAll(async () => {
    registry = createServer((_request, response) => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ servers: [registryEntry()], metadata: { count: 1 } }));
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'switchboard-installs-'));
    configFile = join(dir, 'mcp.json');
    writeFileSync(configFile, JSON.stringify({ theme: 'dark', mcpServers: {} }));
    harness = await startGateway([], {
      configFile,
      settings: { catalog: { registryUrl, cacheMinutes: 0 } },
    });
    api = adminApi(harness);
    api.subscribe('installs:progress', (item) => progress.push(item));
    await api.ready();
  });
  afterAll(async () => {
    api.close();
    await harness.close();
    registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ok<M extends MethodName>(
    method: M,
    params: MethodParams<M>,
  ): Promise<MethodResult<M>> {
    const result = await api.call(method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  /** The job's last event, once it is done or failed. */
  function finished(id: string): Promise<InstallProgress> {
    return new Promise((resolve) => {
      const check = () => {
        const last = progress.filter((item) => item.id === id).at(-1);
        if (last && (last.phase === 'done' || last.phase === 'failed')) return resolve(last);
        setImmediate(check);
      };
      check();
    });
  }

  const serversDir = () => join(harness.dataDir, 'servers');
  const savedEntry = () =>
    (
      JSON.parse(readFileSync(configFile, 'utf8')) as {
        mcpServers: Record<string, Record<string, unknown>>;
      }
    ).mcpServers.memory;

  it('asks for exactly the settings the entry declares, and refuses a missing one by name', async () => {
    const plan = await ok('installs:plan', { catalog: CATALOG_NAME });
    expect(plan).toMatchObject({ source: 'npm', version: '2026.7.4', defaultName: 'memory' });
    expect(plan.settings.map((item) => [item.name, item.isSecret, item.target])).toEqual([
      ['MEMORY_FILE_PATH', false, 'env'],
      ['DEMO_TOKEN', true, 'env'],
    ]);
    const refused = await api.call('installs:start', { catalog: CATALOG_NAME, values: {} });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid-params', message: 'missing required setting: MEMORY_FILE_PATH' },
    });
  });

  it('installs the pinned version with progress, starts it, and its tool answers', async () => {
    const memoryFile = join(dir, 'memory.jsonl');
    const { id, server } = await ok('installs:start', {
      catalog: CATALOG_NAME,
      values: { MEMORY_FILE_PATH: memoryFile, DEMO_TOKEN: 'sekrit-demo-token' },
      defaultPolicy: 'allow', // no one is here to approve; consent has tests of its own
    });
    expect(server).toBe('memory');
    const last = await finished(id);
    expect(last.error).toBeUndefined();
    expect(last.phase).toBe('done');
    const mine = progress.filter((item) => item.id === id);
    const fractions = mine.map((item) => item.fraction).filter((value) => value !== undefined);
    expect(fractions.some((value) => value > 0 && value < 1)).toBe(true);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(mine.flatMap((item) => item.lines).join('\n')).toContain(
      'Resolving @modelcontextprotocol/server-memory@2026.7.4',
    );

    const installed = JSON.parse(
      readFileSync(
        join(serversDir(), 'memory/node_modules/@modelcontextprotocol/server-memory/package.json'),
        'utf8',
      ),
    ) as { version: string };
    expect(installed.version).toBe('2026.7.4');
    expect(savedEntry()).toMatchObject({
      command: 'node',
      env: { MEMORY_FILE_PATH: memoryFile, DEMO_TOKEN: '${secret:DEMO_TOKEN}' },
      install: { source: 'npm', catalog: CATALOG_NAME, version: '2026.7.4' },
    });
    expect(readFileSync(configFile, 'utf8')).not.toContain('sekrit-demo-token');
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toMatchObject({ theme: 'dark' });
    expect(await harness.gateway.trust.secrets.get('memory/DEMO_TOKEN')).toBe('sekrit-demo-token');

    await harness.gateway.whenSettled();
    const client = await harness.connect();
    const created = await client.callTool({
      name: 'memory__create_entities',
      arguments: {
        entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote code'] }],
      },
    });
    expect(created.isError, JSON.stringify(created.content)).toBeFalsy();
    const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
    expect(JSON.stringify(graph.content)).toContain('Ada');
    await client.close();
  });

  it('sees a newer version in the registry and updates to it, keeping the settings', async () => {
    expect(await ok('installs:updates', {})).toEqual([]);
    version = '2026.8.31';
    expect(await ok('installs:updates', {})).toEqual([
      { server: 'memory', catalog: CATALOG_NAME, from: '2026.7.4', to: '2026.8.31' },
    ]);
    expect(await ok('installs:update', { name: 'memory' })).toEqual({
      from: '2026.7.4',
      to: '2026.8.31',
    });
    expect(savedEntry()).toMatchObject({
      env: { DEMO_TOKEN: '${secret:DEMO_TOKEN}' },
      install: { version: '2026.8.31' },
    });
    expect(readdirSync(serversDir())).toEqual(['memory']);
    await harness.gateway.whenSettled();
    const client = await harness.connect();
    const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
    expect(JSON.stringify(graph.content)).toContain('Ada'); // same MEMORY_FILE_PATH as before
    await client.close();
    expect(await ok('installs:updates', {})).toEqual([]);
  });

  it('uninstalls: no server, no files, no secret, no entry', async () => {
    expect(await ok('installs:uninstall', { name: 'memory' })).toEqual({ files: true, secrets: 1 });
    expect(harness.gateway.supervisors.has('memory')).toBe(false);
    expect(existsSync(join(serversDir(), 'memory'))).toBe(false);
    expect(await harness.gateway.trust.secrets.get('memory/DEMO_TOKEN')).toBeUndefined();
    expect(savedEntry()).toBeUndefined();
  });

  it('fails a version npm does not have, saying why, and leaves nothing behind', async () => {
    const { id } = await ok('installs:start', {
      catalog: CATALOG_NAME,
      version: '0.0.0-does-not-exist',
      values: { MEMORY_FILE_PATH: join(dir, 'x.jsonl') },
    });
    const last = await finished(id);
    expect(last.phase).toBe('failed');
    expect(last.error).toMatch(
      /^npm install failed: .*(404|No matching version|notarget|ETARGET)/i,
    );
    expect(readdirSync(serversDir())).toEqual([]);
    expect(savedEntry()).toBeUndefined();
    expect(harness.gateway.supervisors.has('memory')).toBe(false);
  });

  it('installs without a required secret, but does not start it, and says which one is missing', async () => {
    const { id } = await ok('installs:start', {
      catalog: CATALOG_NAME,
      name: 'memory-locked',
      values: { MEMORY_FILE_PATH: join(dir, 'locked.jsonl') },
    });
    expect((await finished(id)).phase).toBe('done');
    await harness.gateway.whenSettled();
    const [summary] = (await ok('servers:list', {})).filter(
      (item) => item.name === 'memory-locked',
    );
    expect(summary?.status).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('DEMO_TOKEN'),
    });
    await ok('installs:uninstall', { name: 'memory-locked' });
  });
});
