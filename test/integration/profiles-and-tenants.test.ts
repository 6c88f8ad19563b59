/**
 * Profiles decide what a client sees and may call; tenants (profiles with their own secrets)
 * get their own server processes, their own data and their own secret values, and nothing of
 * one tenant — entities, log notifications, secret values — reaches another or the disk.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretAccount } from '../../electron/gateway/secrets/secret-store.ts';
import { bearer, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { filesUnder, findInFiles, jsonOf, trustProbe } from '../fixtures/trust-probe.ts';
import { whenever } from '../helpers/whenever.ts';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  },
};
const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

type Graph = { entities: { name: string }[] };
const entity = (name: string) => ({ name, entityType: 'test', observations: [`made as ${name}`] });
const names = (items: { name: string }[]) => items.map((item) => item.name);
const textOf = (result: unknown): string =>
  (result as { content: { text: string }[] }).content[0]!.text;
async function graphOf(client: Client, tool = 'memory__read_graph'): Promise<string[]> {
  const result = await client.callTool({ name: tool, arguments: {} });
  return names((result.structuredContent as Graph).entities);
}

describe('profiles: what a client sees and may call', () => {
  let harness: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-profiles-'));
    harness = await startGateway(
      [servers.everything(), servers.memory('memory', join(dir, 'memory.jsonl'))],
      {
        settings: {
          profiles: {
            'memory-only': { servers: ['memory'] },
            'no-create': { tools: { memory: { create_entities: 'deny' } } },
            'no-create-shown': {
              tools: { memory: { create_entities: 'deny' } },
              hideDenied: false,
            },
          },
        },
      },
    );
  });
  afterAll(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a client limited to ["memory"] only memory tools, prompts and resources on /mcp and /sse', async () => {
    // What everyone else sees, so that each check below can fail.
    const full = await harness.connect();
    const fullTools = names((await full.listTools()).tools);
    const fullPrompts = names((await full.listPrompts()).prompts);
    const fullResources = (await full.listResources()).resources.map((r) => r.uri);
    expect(fullTools).toContain('everything__echo');
    expect(fullPrompts.some((name) => name.startsWith('everything__'))).toBe(true);
    expect(fullResources.some((uri) => uri.startsWith('switchboard://everything/'))).toBe(true);

    const token = harness.addClient('memory-only-client', 'memory-only');
    for (const client of [await harness.connect({ token }), await harness.connectSse({ token })]) {
      const tools = names((await client.listTools()).tools);
      expect(tools).toContain('memory__create_entities');
      expect(tools.filter((name) => !name.startsWith('memory__'))).toEqual([]);
      const prompts = names((await client.listPrompts()).prompts);
      expect(prompts.filter((name) => !name.startsWith('memory__'))).toEqual([]);
      const resources = (await client.listResources()).resources.map((r) => r.uri);
      expect(resources).toContain('switchboard://memory/memory://knowledge-graph');
      expect(resources.filter((uri) => !uri.startsWith('switchboard://memory/'))).toEqual([]);
    }
  });

  it('answers 404 on /mcp/servers/everything to that client, and serves /mcp/servers/memory', async () => {
    const token = harness.addClient('memory-only-passthrough', 'memory-only');
    const open = (server: string, auth: Record<string, string>) =>
      fetch(`${harness.url}/mcp/servers/${server}`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...auth },
        body: JSON.stringify(INIT),
      });
    const hidden = await open('everything', bearer(token));
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'No server named "everything" is configured' },
    });
    // The same answer as for a server that does not exist at all: nothing to tell them apart.
    const absent = await open('no-such-server', bearer(token));
    expect(absent.status).toBe(404);
    await absent.body?.cancel();
    const allowed = await open('memory', bearer(token));
    expect(allowed.status).toBe(200);
    await allowed.body?.cancel();
    const forOthers = await open('everything', harness.auth);
    expect(forOthers.status).toBe(200);
    await forOthers.body?.cancel();
    await expect(harness.connect({ token, path: '/mcp/servers/everything' })).rejects.toThrow();
  });

  it("refuses that client's calls of everything's tools, prompts and resources as unknown", async () => {
    const full = await harness.connect();
    const prompt = names((await full.listPrompts()).prompts).find((name) =>
      name.startsWith('everything__'),
    )!;
    const resource = (await full.listResources()).resources.find((r) =>
      r.uri.startsWith('switchboard://everything/'),
    )!.uri;

    const client = await harness.connect({
      token: harness.addClient('memory-only-caller', 'memory-only'),
    });
    const call = client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } });
    await expect(call).rejects.toThrow(/Unknown tool: everything__echo/);
    await expect(client.getPrompt({ name: prompt })).rejects.toThrow(
      new RegExp(`Unknown prompt: ${prompt}`),
    );
    await expect(client.readResource({ uri: resource })).rejects.toThrow(
      /Unknown server "everything"/,
    );
    // Its own servers still work, and nothing it tried reached everything (or the log).
    expect(await graphOf(client)).toEqual(expect.any(Array));
    const logged = harness.gateway.trust.callLog.query({ client: 'memory-only-caller' }).entries;
    expect(logged.map((entry) => [entry.server, entry.name])).toEqual([['memory', 'read_graph']]);
  });

  it('hides a denied tool (hideDenied) and refuses a call anyway with a result naming the policy', async () => {
    const token = harness.addClient('no-create-client', 'no-create');
    const refusal =
      /^Switchboard refused "create_entities" on server "memory": the policy of profile "no-create" denies this tool\.$/;
    for (const path of ['/mcp', '/mcp/servers/memory']) {
      const prefix = path === '/mcp' ? 'memory__' : '';
      const client = await harness.connect({ token, path });
      const tools = names((await client.listTools()).tools);
      expect(tools).toContain(`${prefix}read_graph`);
      expect(tools).not.toContain(`${prefix}create_entities`);

      const result = await client.callTool({
        name: `${prefix}create_entities`,
        arguments: { entities: [entity(`forbidden${path}`)] },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(refusal);
      // Refused before the server: nothing was created.
      expect(await graphOf(client, `${prefix}read_graph`)).not.toContain(`forbidden${path}`);
    }
    const denied = harness.gateway.trust.callLog.query({
      client: 'no-create-client',
      status: 'denied',
    }).entries;
    expect(denied).toHaveLength(2);
    for (const entry of denied) {
      expect(entry).toMatchObject({ profile: 'no-create', server: 'memory' });
      expect(entry.error).toMatch(refusal);
    }
  });

  it('lists a denied tool when hideDenied is false, and still refuses the call', async () => {
    const client = await harness.connect({
      token: harness.addClient('no-create-shown-client', 'no-create-shown'),
    });
    expect(names((await client.listTools()).tools)).toContain('memory__create_entities');
    const result = await client.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [entity('forbidden-shown')] },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/the policy of profile "no-create-shown" denies this tool/);
    expect(await graphOf(client)).not.toContain('forbidden-shown');

    // The default profile may create: the refusals above are the profiles' doing.
    const full = await harness.connect();
    const created = await full.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [entity('allowed-default')] },
    });
    expect(created.isError).toBeFalsy();
    expect(await graphOf(full)).toContain('allowed-default');
  });
});

/**
 * Two tenants (profiles tenant-a and tenant-b) share the gateway and its server configuration;
 * each server refers to secrets, whose per-profile values win over the shared one:
 *
 *   memory: MEMORY_FILE_PATH = ${secret:MEMORY_FILE}  (a different file per tenant)
 *   vault:  TENANT_TOKEN     = ${secret:TENANT_TOKEN} (a different token per tenant)
 *
 * Both servers use per-client isolation (one child per client token, started with that
 * client's profile's secrets) and are lazy, so nothing spawns before the secrets are set. The
 * shared values serve the primary connection (discovery) and profiles without their own.
 *
 * Where secret values may be on disk afterwards: only in the secrets file (secrets.json, the
 * file store the tests use). The call log redacts them, the client store holds token hashes,
 * the child registry holds pids and commands, never environments.
 */
describe('tenants: per-profile secrets, per-client children', () => {
  let harness: Harness;
  let dir: string;
  const files = { a: '', b: '', shared: '' };
  const tokens = {
    a: `tenant-a-${randomBytes(12).toString('hex')}`,
    b: `tenant-b-${randomBytes(12).toString('hex')}`,
    shared: `shared-${randomBytes(12).toString('hex')}`,
  };
  let a1: Client;
  let a2: Client;
  let b1: Client;
  let other: Client;
  const clientTokens: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-tenants-'));
    files.a = join(dir, 'tenant-a.jsonl');
    files.b = join(dir, 'tenant-b.jsonl');
    files.shared = join(dir, 'shared.jsonl');
    const memory = servers.memory('memory');
    if (memory.kind === 'stdio') memory.env = { MEMORY_FILE_PATH: '${secret:MEMORY_FILE}' };
    harness = await startGateway(
      [memory, trustProbe('vault', { TENANT_TOKEN: '${secret:TENANT_TOKEN}' })],
      {
        servers: {
          memory: { isolation: 'per-client', lazy: true },
          vault: { isolation: 'per-client', lazy: true },
        },
        settings: { profiles: { 'tenant-a': {}, 'tenant-b': {} } },
      },
    );
    const { secrets } = harness.gateway.trust;
    await secrets.set(secretAccount('memory', 'MEMORY_FILE'), files.shared);
    await secrets.set(secretAccount('memory', 'MEMORY_FILE', 'tenant-a'), files.a);
    await secrets.set(secretAccount('memory', 'MEMORY_FILE', 'tenant-b'), files.b);
    await secrets.set(secretAccount('vault', 'TENANT_TOKEN'), tokens.shared);
    await secrets.set(secretAccount('vault', 'TENANT_TOKEN', 'tenant-a'), tokens.a);
    await secrets.set(secretAccount('vault', 'TENANT_TOKEN', 'tenant-b'), tokens.b);

    const tokenA = harness.addClient('tenant-a-agent', 'tenant-a');
    const tokenB = harness.addClient('tenant-b-agent', 'tenant-b');
    clientTokens.push(harness.token, tokenA, tokenB);
    [a1, a2, b1, other] = await Promise.all([
      harness.connect({ token: tokenA }),
      harness.connect({ token: tokenA }),
      harness.connect({ token: tokenB }),
      harness.connect(),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps each tenant's memory in its own file: A's entities are never visible to B", async () => {
    await a1.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [entity('alpha-of-a')] },
    });
    expect(await graphOf(b1)).not.toContain('alpha-of-a');
    await b1.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [entity('beta-of-b')] },
    });
    // A's second session shares A's child (per-client), so it sees A's data and only A's.
    const seenByA = await graphOf(a2);
    expect(seenByA).toContain('alpha-of-a');
    expect(seenByA).not.toContain('beta-of-b');
    expect(await graphOf(b1)).toEqual(['beta-of-b']);

    const onDisk = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
    expect(onDisk(files.a)).toContain('alpha-of-a');
    expect(onDisk(files.a)).not.toContain('beta-of-b');
    expect(onDisk(files.b)).toContain('beta-of-b');
    expect(onDisk(files.b)).not.toContain('alpha-of-a');
    expect(onDisk(files.shared)).not.toMatch(/alpha-of-a|beta-of-b/);
    // One child per client token, besides the primary.
    const memory = harness.gateway.summaries().find((summary) => summary.name === 'memory');
    expect(memory).toMatchObject({ isolation: 'per-client', sessionConnections: 2 });
  });

  it("delivers one tenant's log notifications, during and after its call, to it alone", async () => {
    const seen = { a: [] as unknown[], b: [] as unknown[] };
    const aDone = whenever(
      () => seen.a.length >= 5,
      () => `A got ${JSON.stringify(seen.a)}`,
    );
    const bDone = whenever(
      () => seen.b.length >= 2,
      () => `B got ${JSON.stringify(seen.b)}`,
    );
    a1.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => {
      seen.a.push(params.data);
      aDone.check();
    });
    b1.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => {
      seen.b.push(params.data);
      bDone.check();
    });
    await a1.callTool({ name: 'vault__log', arguments: { tag: 'from-a', count: 3, late: 2 } });
    await aDone.promise;
    // B's own logs come after A's on the gateway's side: once they arrived, so would have A's.
    await b1.callTool({ name: 'vault__log', arguments: { tag: 'from-b', count: 1, late: 1 } });
    await bDone.promise;
    expect(seen.a).toEqual([
      'from-a:during',
      'from-a:during',
      'from-a:during',
      'from-a:late',
      'from-a:late',
    ]);
    expect(seen.b).toEqual(['from-b:during', 'from-b:late']);
  });

  it("starts each tenant's child with its own secret; profiles without one get the shared value", async () => {
    const read = async (client: Client) =>
      jsonOf<{ value: string; pid: number }>(
        await client.callTool({ name: 'vault__env', arguments: { name: 'TENANT_TOKEN' } }),
      );
    const [fromA1, fromA2, fromB, fromOther] = await Promise.all([
      read(a1),
      read(a2),
      read(b1),
      read(other),
    ]);
    expect(fromA1.value).toBe(tokens.a);
    expect(fromA2).toEqual(fromA1); // the same child: per-client
    expect(fromB.value).toBe(tokens.b);
    expect(fromOther.value).toBe(tokens.shared);
    expect(new Set([fromA1.pid, fromB.pid, fromOther.pid]).size).toBe(3);
    // The client got its value (its own server told it); the call log did not keep it.
    const entries = harness.gateway.trust.callLog.query({ server: 'vault', tool: 'env' }).entries;
    expect(entries).toHaveLength(4);
    for (const entry of entries) expect(entry.resultSummary).toMatch(/"value":"\[redacted\]"/);
    const everything = JSON.stringify(harness.gateway.trust.callLog.query({ limit: 1000 }));
    for (const value of [...Object.values(tokens), ...Object.values(files)])
      expect(everything).not.toContain(value);
  });

  it('leaves secret values in the secrets file only, and client tokens nowhere under the data dir', async () => {
    await Promise.all([a1, a2, b1, other].map((client) => client.close()));
    await harness.gateway.stop(); // everything written, the call log closed (WAL checkpointed)
    const known = [
      'admin-token',
      'call-log.sqlite',
      'call-log.sqlite-shm',
      'call-log.sqlite-wal',
      'clients.json',
      'secrets.json',
    ];
    const present = filesUnder(harness.dataDir);
    expect(present.filter((file) => !known.includes(file))).toEqual([]);
    expect(present).toEqual(expect.arrayContaining(['call-log.sqlite', 'secrets.json']));

    const secretValues = [...Object.values(tokens), ...Object.values(files)];
    const found = findInFiles(harness.dataDir, [...secretValues, ...clientTokens]);
    // The scan does find what is there: every value is in the secrets file…
    expect(found['secrets.json']?.sort()).toEqual([...secretValues].sort());
    // …and in no other file; no client token is stored anywhere (only hashes).
    delete found['secrets.json'];
    expect(found).toEqual({});
  });
});
