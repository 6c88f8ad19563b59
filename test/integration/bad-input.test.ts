/**
 * What a client can get wrong over raw HTTP, and what a web page must not be able to do: every
 * refusal has the right status and a JSON-RPC error body saying why, and none of it harms the
 * gateway.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

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

/** A POST to `/mcp` (or `url`) with the test client's token, or with `auth` instead (none: `{}`). */
function post(
  body: unknown,
  headers: Record<string, string> = {},
  { auth = harness.auth, url = endpoint }: { auth?: Record<string, string>; url?: string } = {},
): Promise<Answer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(url, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...auth, ...headers },
    body: text,
  }).then(answer);
}

/** The JSON-RPC error body every refusal carries. */
const rpcError = (code: number, message: RegExp, id: string | number | null = null) => ({
  jsonrpc: '2.0',
  id,
  error: { code, message: expect.stringMatching(message) },
});

/** Opens a session by hand (as the test client unless told); returns the headers that name it. */
async function openSession(auth = harness.auth, url = endpoint): Promise<Record<string, string>> {
  const init = await post(INIT, {}, { auth, url });
  expect(init).toMatchObject({
    status: 200,
    body: { id: 1, result: { protocolVersion: VERSION } },
  });
  const headers = {
    'mcp-session-id': init.headers.get('mcp-session-id')!,
    'mcp-protocol-version': VERSION,
  };
  expect(headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
  const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
  expect((await post(initialized, headers, { auth, url })).status).toBe(202);
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

/** Opens a legacy SSE session by hand; returns the URL its messages go to. */
async function openSse(auth = harness.auth): Promise<{ messages: string; close(): Promise<void> }> {
  const response = await fetch(`${harness.url}/sse`, {
    headers: { accept: 'text/event-stream', ...auth },
  });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  let endpointEvent: RegExpExecArray | null;
  while (!(endpointEvent = /event: endpoint\ndata: (\S+)\n/.exec(text))) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the SSE stream ended before its endpoint event:\n${text}`);
    text += value;
  }
  return {
    messages: new URL(endpointEvent[1]!, harness.url).href,
    close: () => reader.cancel(),
  };
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
    const head = [
      'POST /mcp HTTP/1.1',
      host,
      `authorization: Bearer ${harness.token}`,
      'content-type: application/json',
    ];
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
      headers: { ...JSON_HEADERS, ...harness.auth },
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
    const headers = {
      accept: 'text/event-stream',
      'mcp-session-id': 'no-such-session',
      ...harness.auth,
    };
    expect((await fetch(endpoint, { headers }).then(answer)).status).toBe(404);
  });

  it('ends a session on DELETE; its id then gets 404', async () => {
    const headers = await openSession();
    const before = await post(LIST, headers);
    expect(before.status).toBe(200);
    expect(before.body.result?.tools?.map((tool) => tool.name)).toContain('everything__echo');

    const del = { method: 'DELETE', headers: { ...headers, ...harness.auth } };
    expect((await fetch(endpoint, del)).status).toBe(200);
    expect(harness.gateway.sessions.has(headers['mcp-session-id']!)).toBe(false);
    const after = await post(LIST, headers);
    expect(after.status).toBe(404);
    expect(after.body).toEqual(rpcError(-32001, /Session not found: [0-9a-f-]{36}/));
    expect((await fetch(endpoint, del)).status).toBe(404);
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

describe('client tokens', () => {
  const unauthorized = (reason: RegExp) =>
    rpcError(-32600, new RegExp(`^Unauthorized: ${reason.source}`));

  /** Every MCP route, as a request that would be fine with a token. */
  const routes: [string, string, RequestInit][] = [
    ['POST /mcp', '/mcp', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(INIT) }],
    ['GET /mcp', '/mcp', { headers: { accept: 'text/event-stream' } }],
    [
      'POST /mcp/servers/everything',
      '/mcp/servers/everything',
      { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(INIT) },
    ],
    ['GET /sse', '/sse', { headers: { accept: 'text/event-stream' } }],
    [
      'POST /messages',
      '/messages?sessionId=no-such-session',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(LIST),
      },
    ],
  ];
  const send = (path: string, init: RequestInit, auth: Record<string, string>) =>
    fetch(new URL(path, harness.url), { ...init, headers: { ...init.headers, ...auth } }).then(
      answer,
    );

  it.each(routes)(
    'answers %s without a token with 401 and WWW-Authenticate: Bearer',
    async (_route, path, init) => {
      const sessions = harness.gateway.sessions.size;
      const result = await send(path, init, {});
      expect(result.status).toBe(401);
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer realm="switchboard"/);
      expect(result.body).toEqual(unauthorized(/no token was sent/));
      expect(harness.gateway.sessions.size).toBe(sessions);
    },
  );

  it.each(routes)('answers %s with a wrong token with 401', async (_route, path, init) => {
    const wrong = [
      bearer('sb_not-a-token-of-this-gateway'),
      bearer(`${harness.token}x`),
      { authorization: harness.token }, // no scheme
      { authorization: `Basic ${Buffer.from(`user:${harness.token}`).toString('base64')}` },
    ];
    for (const auth of wrong) {
      const result = await send(path, init, auth);
      expect(result.status, auth.authorization).toBe(401);
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(result.body).toEqual(unauthorized(/the token is not valid/));
    }
  });

  it('answers a token in the URL with 400, even beside a valid header', async () => {
    for (const param of ['access_token', 'token']) {
      const query = `?${param}=${harness.token}`;
      for (const auth of [{}, harness.auth]) {
        const result = await post(INIT, {}, { auth, url: `${endpoint}${query}` });
        expect(result.status, `${param} ${JSON.stringify(auth)}`).toBe(400);
        expect(result.body).toEqual(rpcError(-32600, /^Tokens are not accepted in URLs/));
      }
      const sse = await send(`/sse${query}`, { headers: { accept: 'text/event-stream' } }, {});
      expect(sse.status).toBe(400);
    }
  });

  it("answers 404 to another client's token on a session, which stays its opener's", async () => {
    const other = bearer(harness.addClient('session-thief'));
    for (const url of [endpoint, `${harness.url}/mcp/servers/everything`]) {
      const headers = await openSession(harness.auth, url);
      const id = headers['mcp-session-id']!;
      const stolen = await post(LIST, headers, { auth: other, url });
      expect(stolen.status, url).toBe(404);
      expect(stolen.body).toEqual(rpcError(-32001, new RegExp(`Session not found: ${id}`)));
      const stream = { ...headers, ...other, accept: 'text/event-stream' };
      expect((await fetch(url, { headers: stream }).then(answer)).status).toBe(404);
      const del = (auth: Record<string, string>) =>
        fetch(url, { method: 'DELETE', headers: { ...headers, ...auth } });
      expect((await del(other)).status).toBe(404);

      // Nothing the other client did touched the session.
      expect(harness.gateway.sessions.has(id)).toBe(true);
      const own = await post(LIST, headers, { url });
      expect(own.status).toBe(200);
      expect(own.body.result?.tools?.length).toBeGreaterThan(0);
      expect((await del(harness.auth)).status).toBe(200);
    }
  });

  it("answers 404 to another client's token on a legacy SSE session", async () => {
    const other = bearer(harness.addClient('sse-thief'));
    const sse = await openSse();
    try {
      const message = (auth: Record<string, string>) =>
        fetch(sse.messages, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify(INIT),
        });
      const stolen = await message(other).then(answer);
      expect(stolen.status).toBe(404);
      expect(stolen.body).toEqual(rpcError(-32001, /Session not found: /));
      const own = await message(harness.auth);
      expect(own.status).toBe(202);
      await own.body?.cancel();
    } finally {
      await sse.close();
    }
  });

  it('stops a revoked token at once and closes its sessions', async () => {
    const token = harness.addClient('soon-revoked');
    const headers = await openSession(bearer(token));
    const id = headers['mcp-session-id']!;
    expect((await post(LIST, headers, { auth: bearer(token) })).status).toBe(200);

    harness.gateway.clients.revoke('soon-revoked');
    expect(harness.gateway.sessions.has(id)).toBe(false);
    const after = await post(LIST, headers, { auth: bearer(token) });
    expect(after.status).toBe(401);
    expect(after.body).toEqual(unauthorized(/the token is not valid/));
    expect((await post(INIT, {}, { auth: bearer(token) })).status).toBe(401);
    // Other clients are unaffected.
    expect((await post(INIT)).status).toBe(200);
  });

  it('does not take a client token for the admin token', async () => {
    const response = await fetch(`${harness.url}/api/rpc/servers:list`, {
      method: 'POST',
      headers: { ...harness.auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});

describe('DNS rebinding guard', () => {
  it('refuses a foreign Host or Origin with 403 and lets loopback origins pass', async () => {
    const port = new URL(harness.url).port;
    // No token on these raw requests either: the guard answers first (403, not 401).
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
    // The guard answers before authentication: a page learns nothing about tokens.
    const noToken = await post(INIT, { origin: 'http://evil.example.com' }, { auth: {} });
    expect(noToken.status).toBe(403);
    expect(noToken.body).toEqual(rpcError(-32600, /^Forbidden: Origin /));
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
