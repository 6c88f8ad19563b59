/** Remote upstreams: Streamable HTTP, legacy SSE, the fallback from one to the other, and configured headers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE, startGateway, type Harness } from '../helpers/gateway-harness.ts';

const EVERYTHING = fileURLToPath(
  import.meta.resolve('@modelcontextprotocol/server-everything/dist/index.js'),
);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts server-everything in one of its HTTP modes and resolves once it says it listens. */
async function everythingOverHttp(
  mode: 'streamableHttp' | 'sse',
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(NODE, [EVERYTHING, mode], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/listening|running/i.test(seen)) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`server-everything ${mode} exited ${code}: ${seen}`)),
    );
  });
  return { child, port };
}

/** A stateless Streamable HTTP server whose one tool reports the headers it received. */
async function headerEchoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer(async (req, res) => {
    const mcp = new McpServer({ name: 'header-echo', version: '1.0.0' });
    mcp.registerTool('headers', { description: 'the request headers' }, async (extra) => ({
      content: [{ type: 'text', text: JSON.stringify(extra.requestInfo?.headers ?? {}) }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('remote servers', () => {
  let harness: Harness;
  let streamable: { child: ChildProcess; port: number };
  let sse: { child: ChildProcess; port: number };
  let echo: { server: Server; port: number };

  beforeAll(async () => {
    [streamable, sse, echo] = await Promise.all([
      everythingOverHttp('streamableHttp'),
      everythingOverHttp('sse'),
      headerEchoServer(),
    ]);
    harness = await startGateway([
      {
        kind: 'http',
        name: 'streamable',
        url: `http://127.0.0.1:${streamable.port}/mcp`,
        headers: {},
      },
      { kind: 'sse', name: 'legacy', url: `http://127.0.0.1:${sse.port}/sse`, headers: {} },
      // Configured as Streamable HTTP, but the server only speaks SSE: the gateway falls back.
      { kind: 'http', name: 'fallback', url: `http://127.0.0.1:${sse.port}/sse`, headers: {} },
      {
        kind: 'http',
        name: 'headers',
        url: `http://127.0.0.1:${echo.port}/mcp`,
        headers: { 'X-Api-Key': 'configured-value' },
      },
    ]);
  });
  afterAll(async () => {
    await harness.close();
    streamable.child.kill();
    sse.child.kill();
    echo.server.closeAllConnections();
    echo.server.close();
  });

  it('reaches every remote server, whatever its transport', async () => {
    const client = await harness.connect();
    for (const server of ['streamable', 'legacy', 'fallback']) {
      const result = await client.callTool({
        name: `${server}__echo`,
        arguments: { message: server },
      });
      expect(result.content).toEqual([{ type: 'text', text: `Echo: ${server}` }]);
    }
    expect(
      harness.gateway.summaries().map((summary) => [summary.name, summary.status.state]),
    ).toEqual([
      ['streamable', 'running'],
      ['legacy', 'running'],
      ['fallback', 'running'],
      ['headers', 'running'],
    ]);
  });

  it('sends the configured headers to the remote server', async () => {
    const client = await harness.connect();
    const result = await client.callTool({ name: 'headers__headers', arguments: {} });
    const headers = JSON.parse((result.content as { text: string }[])[0]!.text) as Record<
      string,
      string
    >;
    expect(headers['x-api-key']).toBe('configured-value');
  });
});
