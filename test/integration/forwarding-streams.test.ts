/**
 * Everything that streams or is tied to a call, on /mcp and on /mcp/servers/<name>: progress,
 * cancellation, logging, subscriptions, completion, pagination and list_changed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  LoggingMessageNotificationSchema,
  ProgressNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerSpec } from '../../electron/gateway/config/servers-config.ts';
import { NODE, ROOT, startGateway, servers, type Harness } from '../helpers/gateway-harness.ts';

const dynamic: ServerSpec = {
  kind: 'stdio',
  name: 'dynamic',
  command: NODE,
  args: [join(ROOT, 'test/fixtures/dynamic-server.ts')],
  env: {},
};

type LogParams = LoggingMessageNotification['params'];

function textOf(result: unknown): string {
  return (result as { content: { text?: string }[] }).content.map((part) => part.text).join('\n');
}

/** Resolves with the first notification the handler gets (register before causing it). */
function nextNotification<T>(register: (handler: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve) => register(resolve));
}

/** Records log messages; `waitFor` resolves with the first (past or future) that matches. */
function logRecorder(client: Client) {
  const logs: LogParams[] = [];
  const waiters: { match: (log: LogParams) => boolean; resolve: (log: LogParams) => void }[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => {
    logs.push(params);
    for (const waiter of waiters) if (waiter.match(params)) waiter.resolve(params);
  });
  const waitFor = (match: (log: LogParams) => boolean) =>
    new Promise<LogParams>((resolve) => {
      const found = logs.find(match);
      if (found) resolve(found);
      else waiters.push({ match, resolve });
    });
  return { logs, waitFor };
}

/**
 * Calls the dynamic fixture's wait_for_cancel, cancels it once it reports progress (so it is
 * running at the server), checks the call rejects, and returns the log in which the server
 * reports the cancellation it received.
 */
async function cancelOnceRunning(client: Client, tool: string, reason: string) {
  const { waitFor } = logRecorder(client);
  const controller = new AbortController();
  const call = client.callTool({ name: tool, arguments: {} }, undefined, {
    signal: controller.signal,
    onprogress: () => controller.abort(reason),
  });
  await expect(call).rejects.toThrow(reason);
  const { logger, data } = await waitFor((log) => String(log.data).startsWith('cancelled:'));
  return { logger, data };
}

const FIXTURE_LOGS = ['Tool execution started', 'Tool processing data', 'Tool execution completed'];
const PROGRESS = [0, 50, 100].map((progress) => ({
  progress,
  total: 100,
  message: `Completed step ${progress}`,
}));

describe('streams through /mcp and /mcp/servers/<name>', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startGateway([servers.conformance(), servers.everything(), dynamic]);
  });
  afterAll(() => harness.close());

  it('relays progress under the token the client chose', async () => {
    const client = await harness.connect();
    // Seen raw: this handler replaces the SDK's own progress routing by numeric token.
    const raw: unknown[] = [];
    client.setNotificationHandler(ProgressNotificationSchema, ({ params }) => {
      raw.push(params);
    });
    const result = await client.callTool({
      name: 'conformance__test_tool_with_progress',
      arguments: {},
      _meta: { progressToken: 'client-token-7' },
    });
    expect(textOf(result)).toBe('Tool with progress executed successfully');
    expect(raw).toEqual(PROGRESS.map((step) => ({ progressToken: 'client-token-7', ...step })));
  });

  it('cancels an in-flight call at the server and rejects it at the client', async () => {
    const client = await harness.connect();
    const seen = await cancelOnceRunning(client, 'dynamic__wait_for_cancel', 'user pressed stop');
    expect(seen).toEqual({
      logger: 'dynamic/dynamic-fixture',
      data: 'cancelled: user pressed stop',
    });
  });

  it('forwards logging/setLevel and relays log messages under the server name', async () => {
    const client = await harness.connect();
    const { logs } = logRecorder(client);
    const fromFixture = () =>
      logs.filter((log) => log.logger === 'conformance/conformance-fixture');
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'conformance__test_tool_with_logging', arguments: {} });
    const expected = FIXTURE_LOGS.map((data) => ({ level: 'info', data }));
    expect(fromFixture()).toEqual(
      expected.map((log) => ({ ...log, logger: 'conformance/conformance-fixture' })),
    );
    // Above info, the server itself stays silent: the level reached it.
    await client.setLoggingLevel('error');
    await client.callTool({ name: 'conformance__test_tool_with_logging', arguments: {} });
    expect(fromFixture()).toHaveLength(3);
  });

  it('subscribes and unsubscribes by wrapped URI and delivers resources/updated wrapped', async () => {
    const client = await harness.connect();
    const updates: string[] = [];
    let onUpdate = (_uri: string) => {};
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, ({ params }) => {
      updates.push(params.uri);
      onUpdate(params.uri);
    });
    const { resources } = await client.listResources();
    const [dropped, kept] = resources
      .map((resource) => resource.uri)
      .filter((uri) => uri.startsWith('switchboard://everything/demo://resource/static/document/'));
    expect(kept).toBeDefined();
    await client.subscribeResource({ uri: dropped! });
    await client.subscribeResource({ uri: kept! });
    await client.unsubscribeResource({ uri: dropped! });
    const updated = new Promise<string>((resolve) => (onUpdate = resolve));
    // server-everything now sends an update for each URI this session is subscribed to.
    await client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
    expect(await updated).toBe(kept);
    expect(updates).not.toContain(dropped);
    await client.callTool({ name: 'everything__toggle-subscriber-updates', arguments: {} });
  });

  it('completes prompt arguments and resource template variables', async () => {
    const client = await harness.connect();
    const prompt = await client.complete({
      ref: { type: 'ref/prompt', name: 'conformance__test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'pa' },
    });
    expect(prompt.completion.values).toEqual(['paris', 'park', 'party']);
    const withContext = await client.complete({
      ref: { type: 'ref/prompt', name: 'everything__completable-prompt' },
      argument: { name: 'name', value: '' },
      context: { arguments: { department: 'Sales' } },
    });
    expect(withContext.completion.values).toEqual(['David', 'Eve', 'Frank']);
    const template = await client.complete({
      ref: { type: 'ref/resource', uri: 'switchboard://conformance/test://template/{id}/data' },
      argument: { name: 'id', value: '4' },
    });
    expect(template.completion.values).toEqual(['456']);
  });

  it('passes names, URIs, progress, logs and completions through unchanged on /mcp/servers/conformance', async () => {
    const client = await harness.connect({ path: '/mcp/servers/conformance' });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('test_tool_with_progress');
    expect(tools.filter((tool) => tool.name.includes('__'))).toEqual([]);
    const progress: unknown[] = [];
    await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
      onprogress: (step) => progress.push(step),
    });
    expect(progress).toEqual(PROGRESS);

    const { logs } = logRecorder(client);
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
    expect(logs).toEqual(
      FIXTURE_LOGS.map((data) => ({ level: 'info', logger: 'conformance-fixture', data })),
    );

    const read = await client.readResource({ uri: 'test://static-text' });
    expect(read.contents[0]).toMatchObject({ uri: 'test://static-text', mimeType: 'text/plain' });
    const template = await client.complete({
      ref: { type: 'ref/resource', uri: 'test://template/{id}/data' },
      argument: { name: 'id', value: '7' },
    });
    expect(template.completion.values).toEqual(['789']);
  });

  it('delivers resources/updated with the original URI on /mcp/servers/everything', async () => {
    const client = await harness.connect({ path: '/mcp/servers/everything' });
    const uri = 'demo://resource/static/document/architecture.md';
    const updated = nextNotification<string>((resolve) =>
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, ({ params }) =>
        resolve(params.uri),
      ),
    );
    await client.subscribeResource({ uri });
    await client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
    expect(await updated).toBe(uri);
    await client.callTool({ name: 'toggle-subscriber-updates', arguments: {} });
  });

  it('cancels and relays list_changed on /mcp/servers/dynamic', async () => {
    const client = await harness.connect({ path: '/mcp/servers/dynamic' });
    const seen = await cancelOnceRunning(client, 'wait_for_cancel', 'stop it');
    expect(seen).toEqual({ logger: 'dynamic-fixture', data: 'cancelled: stop it' });

    const changed = nextNotification<unknown>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, resolve),
    );
    await client.callTool({ name: 'add_tool', arguments: { name: 'direct_tool' } });
    await changed;
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('direct_tool');
    expect(textOf(await client.callTool({ name: 'direct_tool', arguments: {} }))).toBe(
      'I am direct_tool',
    );
  });
});

type Kind = 'tools' | 'prompts' | 'resources';

/** Follows nextCursor to the end: every name (or URI) in order, and how many came per page. */
async function listAll(client: Client, kind: Kind): Promise<{ ids: string[]; sizes: number[] }> {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const params = cursor ? { cursor } : {};
    const page =
      kind === 'tools'
        ? await client.listTools(params)
        : kind === 'prompts'
          ? await client.listPrompts(params)
          : await client.listResources(params);
    const items = (page as unknown as Record<Kind, { name: string; uri?: string }[]>)[kind];
    ids.push(...items.map((item) => item.uri ?? item.name));
    sizes.push(items.length);
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, sizes };
}

describe('pagination and list_changed across servers on /mcp', () => {
  const PAGE = 4;
  const NAMES = ['alpha', 'beta', 'memory', 'dynamic'];
  let harness: Harness;
  beforeAll(async () => {
    harness = await startGateway(
      [servers.conformance('alpha'), servers.conformance('beta'), servers.memory(), dynamic],
      { limits: { pageSize: PAGE } },
    );
  });
  afterAll(() => harness.close());

  it('pages tools, prompts and resources of all servers, each item exactly once', async () => {
    const client = await harness.connect();
    const direct = await Promise.all(
      NAMES.map((name) => harness.connect({ path: `/mcp/servers/${name}` })),
    );
    for (const kind of ['tools', 'prompts', 'resources'] as const) {
      // What each server lists itself, as the aggregate must expose it.
      const perServer = await Promise.all(
        direct.map((c) => (c.getServerCapabilities()?.[kind] ? listAll(c, kind) : { ids: [] })),
      );
      const expected = perServer.flatMap(({ ids }, index) =>
        ids.map((id) =>
          kind === 'resources' ? `switchboard://${NAMES[index]}/${id}` : `${NAMES[index]}__${id}`,
        ),
      );
      const { ids, sizes } = await listAll(client, kind);
      expect(expected.length, kind).toBeGreaterThan(PAGE);
      expect(new Set(ids).size, kind).toBe(ids.length);
      expect([...ids].sort(), kind).toEqual([...expected].sort());
      const pages = Math.ceil(expected.length / PAGE);
      expect(sizes, kind).toEqual(
        Array.from({ length: pages }, (_, i) => Math.min(PAGE, expected.length - i * PAGE)),
      );
    }
  });

  it('tells a session when its server changed its tools, and changes only its list', async () => {
    const client = await harness.connect();
    const other = await harness.connect();
    const changed = nextNotification<unknown>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, resolve),
    );
    const added = await client.callTool({
      name: 'dynamic__add_tool',
      arguments: { name: 'late_tool' },
    });
    expect(textOf(added)).toBe('added late_tool');
    await changed;
    expect((await listAll(client, 'tools')).ids).toContain('dynamic__late_tool');
    const result = await client.callTool({ name: 'dynamic__late_tool', arguments: {} });
    expect(textOf(result)).toBe('I am late_tool');
    // The other session has its own connection to the server, where nothing changed.
    expect((await listAll(other, 'tools')).ids).not.toContain('dynamic__late_tool');
  });
});
