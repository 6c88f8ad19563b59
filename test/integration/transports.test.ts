/**
 * The same gateway reached other ways than Streamable HTTP: the legacy HTTP+SSE transport
 * (`/sse`), and `switchboard connect`, the stdio bridge that stdio-only clients launch.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ToolListChangedNotificationSchema,
  type CreateMessageRequest,
  type CreateMessageResult,
} from '@modelcontextprotocol/sdk/types.js';
import { NODE, ROOT, startGateway, servers, type Harness } from '../helpers/gateway-harness.ts';

function textOf(result: unknown): string {
  return (result as { content: { text?: string }[] }).content.map((part) => part.text).join('\n');
}

/** A sampling handler that answers with the prompt reversed, and the requests it saw. */
function reverser() {
  const seen: CreateMessageRequest['params'][] = [];
  const handler = (request: CreateMessageRequest): CreateMessageResult => {
    seen.push(request.params);
    const content = request.params.messages[0]?.content;
    const prompt = content && 'text' in content ? content.text : '';
    return {
      model: 'reverser',
      role: 'assistant',
      content: { type: 'text', text: [...prompt].reverse().join('') },
    };
  };
  return { seen, handler };
}

describe('transports besides Streamable HTTP', () => {
  let harness: Harness;
  beforeAll(async () => {
    const dynamic = join(ROOT, 'test/fixtures/dynamic-server.ts');
    harness = await startGateway([
      servers.everything(),
      servers.conformance(),
      { kind: 'stdio', name: 'dynamic', command: NODE, args: [dynamic], env: {} },
    ]);
  });
  afterAll(() => harness.close());

  it('serves the aggregate over legacy SSE, sampling and list_changed included', async () => {
    const client = await harness.connectSse({ client: { capabilities: { sampling: {} } } });
    const { seen, handler } = reverser();
    client.setRequestHandler(CreateMessageRequestSchema, handler);

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['everything__echo', 'conformance__test_sampling']),
    );
    const echoed = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'over sse' },
    });
    expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: over sse' }]);

    const sampled = await client.callTool({
      name: 'conformance__test_sampling',
      arguments: { prompt: 'stressed' },
    });
    expect(textOf(sampled)).toBe('LLM response: desserts');
    expect(seen).toHaveLength(1);

    // Notifications that answer no request (here list_changed) reach SSE sessions too.
    const changed = new Promise((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, resolve),
    );
    await client.callTool({ name: 'dynamic__add_tool', arguments: { name: 'sse_tool' } });
    await changed;
    const relisted = await client.listTools();
    expect(relisted.tools.map((tool) => tool.name)).toContain('dynamic__sse_tool');
  });

  it('serves the aggregate through the stdio bridge, sampling included', async () => {
    // The token from the environment, as a client config that cannot add arguments would set it.
    const transport = new StdioClientTransport({
      command: NODE,
      args: [
        join(ROOT, 'bin/switchboard.js'),
        'connect',
        '--url',
        `${harness.url}/mcp`,
        '--data-dir',
        harness.dataDir,
      ],
      env: { ...getDefaultEnvironment(), SWITCHBOARD_TOKEN: harness.token },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client(
      { name: 'stdio-bridge-client', version: '1.0.0' },
      { capabilities: { sampling: {} } },
    );
    const { seen, handler } = reverser();
    client.setRequestHandler(CreateMessageRequestSchema, handler);
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.name).toBe('switchboard');

      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining(['everything__echo', 'conformance__test_sampling']),
      );
      const echoed = await client.callTool({
        name: 'everything__echo',
        arguments: { message: 'over stdio' },
      });
      expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: over stdio' }]);

      // The gateway's request rides the bridge out to stdout; the answer comes back over stdin.
      const sampled = await client.callTool({
        name: 'conformance__test_sampling',
        arguments: { prompt: 'drawer' },
      });
      expect(textOf(sampled)).toBe('LLM response: reward');
      expect(seen).toEqual([
        { messages: [{ role: 'user', content: { type: 'text', text: 'drawer' } }], maxTokens: 100 },
      ]);
    } finally {
      await client.close();
    }
    expect(stderr).toBe('');
    // Closing stdin ends the bridge, which ends its gateway session on the way out.
    const bridged = [...harness.gateway.sessions.values()].filter(
      (entry) => entry.session.clientInfo.name === 'stdio-bridge-client',
    );
    expect(bridged).toEqual([]);
  });

  it('the stdio bridge refuses to start without a token, saying how to get one', async () => {
    const { SWITCHBOARD_TOKEN: _unset, ...env } = process.env;
    const args = [join(ROOT, 'bin/switchboard.js'), 'connect', '--url', `${harness.url}/mcp`];
    const failure = await promisify(execFile)(NODE, args, { env, timeout: 30_000 }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toMatch(/no client token: pass --token or set SWITCHBOARD_TOKEN/);
    expect(failure?.stderr).toMatch(/switchboard clients add NAME/);
  });
});
