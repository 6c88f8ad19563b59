import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpSessionTransport } from '../../electron/gateway/http/http-session-transport.ts';

/** Parses an SSE body into events (id + data). */
function events(body: string): { id?: string; data: string; retry?: string }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const fields = Object.fromEntries(
        block
          .split('\n')
          .map((line) => [
            line.slice(0, line.indexOf(':')),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
      );
      return { id: fields.id, data: fields.data ?? '', retry: fields.retry };
    });
}

describe('HttpSessionTransport', () => {
  let server: Server;
  let base: string;
  let transport: HttpSessionTransport;
  let onRequest: (message: JSONRPCMessage) => void;

  beforeEach(async () => {
    transport = new HttpSessionTransport('session-1', 250);
    transport.protocolVersion = '2025-11-25';
    transport.onmessage = (message) => onRequest(message);
    server = createServer((req, res) => {
      if (req.method === 'GET') {
        transport.openStream(res, req.headers['last-event-id'] as string | undefined);
        return;
      }
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => transport.receive(JSON.parse(body) as JSONRPCMessage, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await transport.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (message: object) =>
    fetch(base, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', ...message }) });

  it('answers with plain JSON when nothing precedes the response', async () => {
    onRequest = (message) =>
      'id' in message &&
      void transport.send({ jsonrpc: '2.0', id: message.id!, result: { ok: true } });
    const response = await post({ id: 1, method: 'x' });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('mcp-session-id')).toBe('session-1');
    expect(await response.json()).toEqual({ jsonrpc: '2.0', id: 1, result: { ok: true } });
  });

  it('switches to SSE when a related notification comes first, priming 2025-11-25 clients', async () => {
    onRequest = (message) => {
      if (!('id' in message)) return;
      void transport.send(
        {
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progressToken: 't', progress: 1 },
        },
        { relatedRequestId: message.id! },
      );
      void transport.send({ jsonrpc: '2.0', id: message.id!, result: {} });
    };
    const response = await post({ id: 7, method: 'x' });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const [prime, progress, result] = events(await response.text());
    expect(prime).toMatchObject({ data: '', retry: '250' });
    expect(JSON.parse(progress!.data)).toMatchObject({ method: 'notifications/progress' });
    expect(JSON.parse(result!.data)).toEqual({ jsonrpc: '2.0', id: 7, result: {} });
  });

  it('lets a client resume a closed request stream with Last-Event-ID and miss nothing', async () => {
    let requestId: string | number = 0;
    onRequest = (message) => {
      if (!('id' in message)) return;
      requestId = message.id!;
      void transport.send(
        { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'one' } },
        { relatedRequestId: message.id! },
      );
      transport.closeRequestStream(message.id!); // polling: the server ends the stream early
    };
    const first = events(await (await post({ id: 'a', method: 'x' })).text());
    const lastId = first.at(-1)!.id!;
    // While the client is away, more happens on that request.
    await transport.send(
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'two' } },
      { relatedRequestId: requestId },
    );
    await transport.send({ jsonrpc: '2.0', id: requestId, result: { done: true } });
    const resumed = events(
      await (await fetch(base, { headers: { 'last-event-id': lastId } })).text(),
    );
    expect(resumed.map((event) => JSON.parse(event.data))).toEqual([
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'two' } },
      { jsonrpc: '2.0', id: 'a', result: { done: true } },
    ]);
  });

  it('holds unrelated messages until the standalone stream opens, and allows only one', async () => {
    await transport.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    const controller = new AbortController();
    const response = await fetch(base, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('list_changed'))
      text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"method":"notifications/tools/list_changed"');
    const second = { writableEnded: false } as never;
    expect(transport.openStream(second, undefined)).toBe('conflict');
    controller.abort();
  });

  it('carries a server->client request with no related request on an open request stream', async () => {
    onRequest = (message) => {
      if (!('id' in message)) return;
      void transport.send({ jsonrpc: '2.0', id: 99, method: 'sampling/createMessage', params: {} });
      void transport.send({ jsonrpc: '2.0', id: message.id!, result: {} });
    };
    const body = events(await (await post({ id: 3, method: 'tools/call' })).text());
    expect(
      body
        .map((event) => event.data)
        .filter(Boolean)
        .map((data) => JSON.parse(data).method ?? 'response'),
    ).toEqual(['sampling/createMessage', 'response']);
  });
});
