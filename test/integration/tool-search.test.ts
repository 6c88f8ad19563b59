/**
 * `search` exposure with real servers: a client sees three meta-tools (and its pinned tools)
 * instead of every tool; what it finds and calls through them is exactly what its profile lets
 * it see and call, with the same consent and call log as a direct call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentRequest } from '../../shared/consent.ts';
import { EventQueue } from '../helpers/event-queue.ts';
import { NODE, ROOT, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

type Hit = { name: string; server: string; description: string; score: number };
const names = (items: { name: string }[]) => items.map((item) => item.name);
const textOf = (result: unknown): string =>
  (result as { content: { text: string }[] }).content.map((part) => part.text).join('\n');

async function search(client: Client, query: string, limit?: number): Promise<Hit[]> {
  const result = await client.callTool({
    name: 'search_tools',
    arguments: { query, ...(limit ? { limit } : {}) },
  });
  expect(result.isError, textOf(result)).toBeFalsy();
  return (result.structuredContent as { tools: Hit[] }).tools;
}

describe('tool search exposure', () => {
  let harness: Harness;
  let dir: string;
  const consent = new EventQueue<ConsentRequest>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-tool-search-'));
    harness = await startGateway(
      [
        servers.everything(),
        servers.memory('memory', join(dir, 'memory.jsonl')),
        servers.filesystem(dir),
        {
          kind: 'stdio',
          name: 'dynamic',
          command: NODE,
          args: [join(ROOT, 'test/fixtures/dynamic-server.ts')],
          env: {},
        },
      ],
      {
        settings: {
          profiles: {
            finder: {
              exposure: 'search',
              pinned: ['memory__read_graph', 'filesystem__no_such_tool'],
              tools: { memory: { delete_entities: 'deny', create_entities: 'ask' } },
            },
            'finder-no-fs': { exposure: 'search', servers: ['everything', 'memory', 'dynamic'] },
          },
        },
      },
    );
    harness.gateway.trust.consent.onRequested(consent.push);
    harness.gateway.trust.consent.attachUi(); // someone to ask: this test answers as the dashboard
  });
  afterAll(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the three meta-tools and the pinned tools it may see, nothing else', async () => {
    const all = await harness.connect();
    const allTools = names((await all.listTools()).tools);
    expect(allTools.length).toBeGreaterThan(20); // what `all` exposure shows, so this can fail
    const client = await harness.connect({ token: harness.addClient('finder-1', 'finder') });
    const { tools } = await client.listTools();
    expect(names(tools)).toEqual([
      'search_tools',
      'describe_tool',
      'call_tool',
      'memory__read_graph',
    ]);
    expect(tools[0]!.inputSchema.required).toEqual(['query']);
  });

  it('finds tools by intent, ranked, with server and one-line description', async () => {
    const client = await harness.connect({ token: harness.addClient('finder-2', 'finder') });
    const hits = await search(client, 'read the contents of a file from disk', 5);
    expect(hits.length).toBeLessThanOrEqual(5);
    expect(hits[0]!.server).toBe('filesystem');
    expect(names(hits)).toContain('filesystem__read_text_file');
    expect(hits[0]!.description).not.toContain('\n');
    expect(hits.map((hit) => hit.score)).toEqual(
      [...hits.map((hit) => hit.score)].sort((a, b) => b - a),
    );
    const graph = await search(client, 'knowledge graph entities relations', 3);
    expect(graph.every((hit) => hit.server === 'memory')).toBe(true);
  });

  it('never finds, describes or calls tools outside the profile, nor denied ones', async () => {
    const client = await harness.connect({ token: harness.addClient('finder-3', 'finder-no-fs') });
    const hits = await search(client, 'read file directory list write edit move', 50);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((hit) => hit.server === 'filesystem')).toBe(false);
    const described = await client.callTool({
      name: 'describe_tool',
      arguments: { name: 'filesystem__read_text_file' },
    });
    expect(described.isError).toBe(true);
    expect(textOf(described)).toMatch(/Unknown tool: filesystem__read_text_file/);
    await expect(
      client.callTool({
        name: 'call_tool',
        arguments: { name: 'filesystem__list_allowed_directories', arguments: {} },
      }),
    ).rejects.toThrow(/Unknown tool: filesystem__list_allowed_directories/);

    const finder = await harness.connect({ token: harness.addClient('finder-4', 'finder') });
    const deleting = await search(finder, 'delete entities from the knowledge graph', 50);
    expect(names(deleting)).not.toContain('memory__delete_entities');
    const refused = await finder.callTool({
      name: 'call_tool',
      arguments: { name: 'memory__delete_entities', arguments: { entityNames: ['x'] } },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/denies this tool/);
  });

  it('describes a tool with its full input schema and annotations', async () => {
    const client = await harness.connect({ token: harness.addClient('finder-5', 'finder') });
    const result = await client.callTool({
      name: 'describe_tool',
      arguments: { name: 'everything__echo' },
    });
    const tool = result.structuredContent as Record<string, unknown>;
    expect(tool).toMatchObject({ name: 'everything__echo', server: 'everything' });
    expect((tool.inputSchema as { properties: object }).properties).toHaveProperty('message');
    const bad = await client.callTool({ name: 'describe_tool', arguments: {} });
    expect(textOf(bad)).toMatch(/Invalid arguments for describe_tool: "name"/);
  });

  it('calls through call_tool exactly as directly: consent, result, and the real tool in the log', async () => {
    const client = await harness.connect({ token: harness.addClient('finder-6', 'finder') });
    const echoed = await client.callTool({
      name: 'call_tool',
      arguments: { name: 'everything__echo', arguments: { message: 'via meta' } },
    });
    expect(textOf(echoed)).toContain('via meta');

    const creating = client.callTool({
      name: 'call_tool',
      arguments: {
        name: 'memory__create_entities',
        arguments: { entities: [{ name: 'meta', entityType: 't', observations: ['o'] }] },
      },
    });
    const asked = await consent.take((request) => request.clientName === 'finder-6');
    expect(asked).toMatchObject({ server: 'memory', tool: 'create_entities' });
    harness.gateway.trust.consent.answer(asked.id, 'allow-once', 'test');
    expect((await creating).isError).toBeFalsy();

    harness.gateway.trust.callLog.flush();
    const logged = harness.gateway.trust.callLog
      .query({ client: 'finder-6' })
      .entries.filter((entry) => entry.kind === 'tools/call');
    expect(logged.map((entry) => `${entry.server}/${entry.name}`).sort()).toEqual([
      'everything/echo',
      'memory/create_entities',
    ]);
    expect(logged.find((entry) => entry.name === 'create_entities')!.consent).toMatchObject({
      decision: 'allow',
    });
  });

  it('follows list_changed: a tool added at run time is found at once', async () => {
    const client = await harness.connect({ token: harness.addClient('finder-7', 'finder') });
    expect(names(await search(client, 'zebra crossing counter'))).not.toContain(
      'dynamic__zebra_crossing_counter',
    );
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    await client.callTool({
      name: 'call_tool',
      arguments: { name: 'dynamic__add_tool', arguments: { name: 'zebra_crossing_counter' } },
    });
    await changed;
    expect(names(await search(client, 'zebra crossing counter'))[0]).toBe(
      'dynamic__zebra_crossing_counter',
    );
  });

  it('says what is wrong with bad meta-tool arguments', async () => {
    const client = await harness.connect({ token: harness.addClient('finder-8', 'finder') });
    const empty = await client.callTool({ name: 'search_tools', arguments: { query: ' ' } });
    expect(empty.isError).toBe(true);
    expect(textOf(empty)).toMatch(
      /Invalid arguments for search_tools: "query": say what the tool should do/,
    );
    const loop = await client.callTool({
      name: 'call_tool',
      arguments: { name: 'search_tools', arguments: { query: 'x' } },
    });
    expect(textOf(loop)).toMatch(/runs the tools search_tools finds/);
  });
});
