/**
 * Server->client requests (sampling, elicitation, roots) travel from a real upstream server
 * through the gateway to the SDK client of the session that owns them, and the answers go back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  McpError,
  type ClientCapabilities,
  type CreateMessageRequest,
  type ElicitRequest,
  type LoggingMessageNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { startGateway, servers, type Harness } from '../helpers/gateway-harness.ts';

type LogParams = LoggingMessageNotification['params'];

function textOf(result: unknown): string {
  const content = (result as { content: { type: string; text?: string }[] }).content;
  return content.map((part) => part.text ?? `[${part.type}]`).join('\n');
}

describe('server->client requests through the gateway', () => {
  let harness: Harness;
  const opened: Client[] = [];

  beforeAll(async () => {
    harness = await startGateway([servers.conformance(), servers.everything()]);
  });
  afterAll(async () => {
    await Promise.all(opened.map((client) => client.close().catch(() => {})));
    await harness.close();
  });

  /** A client whose handlers are in place before it connects (servers may ask at once). */
  async function connectClient(
    name: string,
    capabilities: ClientCapabilities,
    setup: (client: Client) => void,
    path = '/mcp',
  ): Promise<Client> {
    const client = new Client({ name, version: '1.0.0' }, { capabilities });
    setup(client);
    const requestInit = { headers: harness.auth };
    await client.connect(
      new StreamableHTTPClientTransport(new URL(path, harness.url), { requestInit }),
    );
    opened.push(client);
    return client;
  }

  it('routes each sampling/createMessage to the session whose call caused it', async () => {
    const sessions = await Promise.all(
      ['ada', 'bob'].map(async (who) => {
        const seen: CreateMessageRequest['params'][] = [];
        const client = await connectClient(who, { sampling: {} }, (c) =>
          c.setRequestHandler(CreateMessageRequestSchema, (request) => {
            seen.push(request.params);
            return {
              model: `model-of-${who}`,
              role: 'assistant',
              content: { type: 'text', text: `${who} answers` },
            };
          }),
        );
        return { who, client, seen };
      }),
    );
    // Both calls are in flight at once: each answer must come from its own client.
    const results = await Promise.all(
      sessions.map(({ who, client }) =>
        client.callTool({ name: 'conformance__test_sampling', arguments: { prompt: `hi ${who}` } }),
      ),
    );
    for (const [index, { who, seen }] of sessions.entries()) {
      expect(textOf(results[index])).toBe(`LLM response: ${who} answers`);
      expect(seen).toEqual([
        {
          messages: [{ role: 'user', content: { type: 'text', text: `hi ${who}` } }],
          maxTokens: 100,
        },
      ]);
    }
  });

  it('carries a client error for sampling back to the server', async () => {
    const client = await connectClient('refuser', { sampling: {} }, (c) =>
      c.setRequestHandler(CreateMessageRequestSchema, () => {
        throw new McpError(ErrorCode.InvalidRequest, 'the user declined to sample');
      }),
    );
    const result = await client.callTool({
      name: 'conformance__test_sampling',
      arguments: { prompt: 'anything' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('the user declined to sample');
  });

  it('forwards elicitation/create and returns what the user entered', async () => {
    const seen: ElicitRequest['params'][] = [];
    const client = await connectClient('eliciter', { elicitation: {} }, (c) =>
      c.setRequestHandler(ElicitRequestSchema, (request) => {
        seen.push(request.params);
        return { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
      }),
    );
    const result = await client.callTool({
      name: 'conformance__test_elicitation',
      arguments: { message: 'Who are you?' },
    });
    expect(textOf(result)).toBe(
      'User response: action=accept, content={"username":"ada","email":"ada@example.com"}',
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      message: 'Who are you?',
      requestedSchema: { type: 'object', required: ['username', 'email'] },
    });
  });

  it('serves roots/list requests the server sends on its own, and relays roots/list_changed', async () => {
    let roots = [{ uri: 'file:///work/alpha', name: 'alpha' }];
    let rootsRequests = 0;
    const logs: LogParams[] = [];
    const waiters: { data: string; resolve: (log: LogParams) => void }[] = [];
    const logged = (data: string) =>
      new Promise<LogParams>((resolve) => {
        const found = logs.find((log) => log.data === data);
        if (found) resolve(found);
        else waiters.push({ data, resolve });
      });
    const client = await connectClient('rooted', { roots: { listChanged: true } }, (c) => {
      c.setRequestHandler(ListRootsRequestSchema, () => {
        rootsRequests += 1;
        return { roots };
      });
      c.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => {
        logs.push(params);
        for (const waiter of waiters.filter((w) => w.data === params.data)) waiter.resolve(params);
      });
    });

    // server-everything asks for roots by itself after initialization, tied to no request of
    // ours (nothing is in flight), then logs what it got.
    const first = await logged('Roots updated: 1 root(s) received from client');
    expect(first.logger).toBe('everything/everything-server');
    expect(rootsRequests).toBe(1);
    const listed = await client.callTool({ name: 'everything__get-roots-list', arguments: {} });
    expect(textOf(listed)).toContain('Current MCP Roots (1 total)');
    expect(textOf(listed)).toContain('URI: file:///work/alpha');

    // The client's notification reaches the server, which asks again (again unrelated).
    roots = [...roots, { uri: 'file:///work/beta', name: 'beta' }];
    await client.sendRootsListChanged();
    await logged('Roots updated: 2 root(s) received from client');
    expect(rootsRequests).toBe(2);
    const relisted = await client.callTool({ name: 'everything__get-roots-list', arguments: {} });
    expect(textOf(relisted)).toContain('Current MCP Roots (2 total)');
    expect(textOf(relisted)).toContain('URI: file:///work/beta');
  });

  it('forwards sampling through the passthrough endpoint too', async () => {
    const client = await connectClient(
      'passthrough-sampler',
      { sampling: {} },
      (c) =>
        c.setRequestHandler(CreateMessageRequestSchema, (request) => {
          const content = request.params.messages[0]?.content;
          const prompt = content && 'text' in content ? content.text : '?';
          return {
            model: 'm',
            role: 'assistant',
            content: { type: 'text', text: `echo ${prompt}` },
          };
        }),
      '/mcp/servers/conformance',
    );
    const result = await client.callTool({
      name: 'test_sampling',
      arguments: { prompt: 'direct' },
    });
    expect(textOf(result)).toBe('LLM response: echo direct');
  });
});
