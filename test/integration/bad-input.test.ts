/**
 * What a client can get wrong over raw HTTP, and what a web page must not be able to do: every
 * refusal has the right status and a JSON-RPC error body saying why, and none of it harms the
 * gateway.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

const MAX_BODY = 16 * 1024;
const VERSION = '2025-11-25';
const CLIENT = {
  protocolVersion: VERSION,
  capabilities: {},
  clientInfo: { name: 'raw', version: '1' },
};
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: CLIENT };
const LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

let harness: Harness;
let endpoint: string;

/** What the tests read of an answer: every one with a body, refusals included, is JSON. */
type Answer = {
  status: number;
  headers: Headers;
  body: { result?: { protocolVersion?: string; tools?: { name: string }[] } };
};
async function answer(response: Response): Promise<Answer> {
  const text = await response.text(); // empty only for 202 Accepted
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(endpoint, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: text,
  }).then(answer);
}

/** The JSON-RPC error body every refusal carries. */
const rpcError = (code: number, message: RegExp, id: string | number | null = null) => ({
  jsonrpc: '2.0',
  id,
  error: { code, message: expect.stringMatching(message) },
});

/** Opens a session by hand; returns the headers that name it. */
async function openSession(): Promise<Record<string, string>> {
  const init = await post(INIT);
  expect(init).toMatchObject({
    status: 200,
    body: { id: 1, result: { protocolVersion: VERSION } },
  });
  const headers = {
    'mcp-session-id': init.headers.get('mcp-session-id')!,
    'mcp-protocol-version': VERSION,
  };
  expect(headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(
    (await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status,
  ).toBe(202);
  return headers;
}

/** Straight over TCP, for what fetch will not send: no Accept, a Host of our choosing, no Host (HTTP/1.0). */
function raw(head: string[], body = ''): Promise<{ status: number; body: unknown }> {
  const lines = [...head, `content-length: ${Buffer.byteLength(body)}`, 'connection: close'];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(harness.url).port), '127.0.0.1', () =>
      socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`),
    );
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject).on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]);
      resolve({ status, body: JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) });
    });
  });
}

beforeAll(async () => {
  harness = await startGateway([servers.everything()], { limits: { maxBodyBytes: MAX_BODY } });
  endpoint = `${harness.url}/mcp`;
});
afterAll(() => harness.close());

describe('malformed requests', () => {
  it.each([
    ['malformed JSON', '{"jsonrpc": "2.0", "id": 1, "method": ', -32700, /^Parse error: /, null],
    ['a batch', [INIT, LIST], -32600, /batches are not supported/, null],
    ['JSON that is not JSON-RPC', { jsonrpc: '1.0', id: 7 }, -32600, /not a JSON-RPC 2\.0/, 7],
  ])(
    'answers %s with 400 and a JSON-RPC error saying so',
    async (_case, body, code, message, id) => {
      const result = await post(body);
      expect(result.status).toBe(400);
      expect(result.body).toEqual(rpcError(code, message, id));
    },
  );

  it('answers a wrong Content-Type with 415', async () => {
    const result = await post(INIT, { 'content-type': 'text/plain' });
    expect(result.status).toBe(415);
    expect(result.body).toEqual(rpcError(-32600, /Content-Type must be application\/json/));
  });

  it('answers a missing or partial Accept with 406', async () => {
    const host = `host: 127.0.0.1:${new URL(harness.url).port}`;
    const head = ['POST /mcp HTTP/1.1', host, 'content-type: application/json'];
    const missing = await raw(head, JSON.stringify(INIT));
    expect(missing.status).toBe(406);
    expect(missing.body).toEqual(
      rpcError(-32600, /Accept must list both application\/json and text\/event-stream/),
    );
    expect((await post(INIT, { accept: 'application/json' })).status).toBe(406);
  });

  it('answers a body over limits.maxBodyBytes with 413, declared or streamed', async () => {
    const big = JSON.stringify({ ...INIT, params: { ...CLIENT, padding: 'x'.repeat(MAX_BODY) } });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual(
      rpcError(-32600, new RegExp(`is ${big.length} bytes; the limit is ${MAX_BODY}`)),
    );

    // No Content-Length: the limit applies while reading, and the 413 must still get out.
    const chunks = [big.slice(0, 8192), big.slice(8192)].map((part) =>
      new TextEncoder().encode(part),
    );
    const init = {
      method: 'POST',
      headers: JSON_HEADERS,
      body: ReadableStream.from(chunks),
      duplex: 'half',
    };
    const streamed = await fetch(endpoint, init as RequestInit).then(answer);
    expect(streamed.status).toBe(413);
    expect(streamed.body).toEqual(rpcError(-32600, new RegExp(`exceeds the limit of ${MAX_BODY}`)));
  });

  it('answers an unsupported MCP-Protocol-Version with 400 naming it', async () => {
    const result = await post(INIT, { 'mcp-protocol-version': '1999-01-01' });
    expect(result.status).toBe(400);
    expect(result.body).toEqual(
      rpcError(-32600, /Unsupported MCP-Protocol-Version "1999-01-01"; supported: .*2025-11-25/),
    );
  });
});

describe('sessions', () => {
  it('answers a request without a session id with 400, and an unknown one with 404', async () => {
    const none = await post(LIST);
    expect(none.status).toBe(400);
    expect(none.body).toEqual(rpcError(-32600, /Mcp-Session-Id header is required/));
    const unknown = await post(LIST, { 'mcp-session-id': 'no-such-session' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(rpcError(-32001, /Session not found: no-such-session/));
    const headers = { accept: 'text/event-stream', 'mcp-session-id': 'no-such-session' };
    expect((await fetch(endpoint, { headers }).then(answer)).status).toBe(404);
  });

  it('ends a session on DELETE; its id then gets 404', async () => {
    const headers = await openSession();
    const before = await post(LIST, headers);
    expect(before.status).toBe(200);
    expect(before.body.result?.tools?.map((tool) => tool.name)).toContain('everything__echo');

    expect((await fetch(endpoint, { method: 'DELETE', headers })).status).toBe(200);
    expect(harness.gateway.sessions.has(headers['mcp-session-id']!)).toBe(false);
    const after = await post(LIST, headers);
    expect(after.status).toBe(404);
    expect(after.body).toEqual(rpcError(-32001, /Session not found: [0-9a-f-]{36}/));
    expect((await fetch(endpoint, { method: 'DELETE', headers })).status).toBe(404);
  });

  it('answers an unknown tool with a JSON-RPC error naming it', async () => {
    const params = { name: 'everything__no_such_tool', arguments: {} };
    const call = await post(
      { jsonrpc: '2.0', id: 9, method: 'tools/call', params },
      await openSession(),
    );
    expect(call.status).toBe(200);
    expect(call.body).toEqual({
      jsonrpc: '2.0',
      id: 9,
      error: { code: -32602, message: expect.stringContaining('everything__no_such_tool') },
    });
    const sdk = await harness.connect();
    await expect(sdk.callTool({ name: 'nobody__nothing', arguments: {} })).rejects.toThrow(
      /Unknown tool: nobody__nothing/,
    );
  });
});

describe('DNS rebinding guard', () => {
  it('refuses a foreign Host or Origin with 403 and lets loopback origins pass', async () => {
    const port = new URL(harness.url).port;
    const host = await raw([
      'GET /mcp HTTP/1.1',
      `host: evil.example.com:${port}`,
      'accept: text/event-stream',
    ]);
    expect(host.status).toBe(403);
    expect(host.body).toEqual(
      rpcError(-32600, /Forbidden: Host "evil\.example\.com:\d+" is not allowed/),
    );
    const noHost = await raw(['GET /mcp HTTP/1.0', 'accept: text/event-stream']);
    expect(noHost).toEqual({
      status: 403,
      body: rpcError(-32600, /Forbidden: missing Host header/),
    });

    const origin = await post(INIT, { origin: 'http://evil.example.com' });
    expect(origin.status).toBe(403);
    expect(origin.body).toEqual(
      rpcError(-32600, /Forbidden: Origin "http:\/\/evil\.example\.com" is not allowed/),
    );
    // A loopback name with a foreign suffix is foreign; so is an opaque origin.
    expect((await post(INIT, { origin: 'http://localhost.evil.example.com' })).status).toBe(403);
    expect((await post(INIT, { origin: 'null' })).status).toBe(403);

    for (const allowed of ['http://localhost:3000', 'http://127.0.0.1', 'https://[::1]:8443']) {
      const result = await post(INIT, { origin: allowed });
      expect(result.status, allowed).toBe(200);
      expect(result.body.result?.protocolVersion).toBe(VERSION);
    }
  });

  it('serves GET /healthz with no headers at all, not even Host', async () => {
    const health = await raw(['GET /healthz HTTP/1.0']);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'ok',
      version: '0.1.0',
      servers: 1,
      sessions: expect.any(Number),
    });
  });
});

describe('after all of that', () => {
  it('still answers a normal call, and its server never restarted', async () => {
    const client = await harness.connect();
    const message = 'still fine';
    const result = await client.callTool({ name: 'everything__echo', arguments: { message } });
    expect(result.content).toEqual([{ type: 'text', text: `Echo: ${message}` }]);
    const [summary] = harness.gateway.summaries();
    expect(summary).toMatchObject({ status: { state: 'running' }, restarts: 0 });
  });
});
