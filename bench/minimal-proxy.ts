/**
 * The floor for any HTTP -> stdio MCP proxy on this machine: a bare Streamable-HTTP-shaped
 * front (one session, no validation, no routing, no SDK) piping JSON-RPC lines to one stdio
 * server and answering each POST with the matching line as plain JSON. Same process layout as
 * the gateway (client -> proxy over HTTP, proxy -> server over a pipe), so
 * `gateway - floor` is what the gateway's own code costs. Bench reference only.
 *
 *   node bench/minimal-proxy.ts <server command> [args...]   (prints "LISTENING <port>")
 */
import { spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error('usage: minimal-proxy.ts <command> [args...]');

const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
const pending = new Map<unknown, ServerResponse>();
let initialized: (result: unknown) => void;
const ready = new Promise<unknown>((resolve) => (initialized = resolve));
const INIT_ID = '__proxy_init__';
const SESSION = 'floor-session';

let buffer = '';
child.stdout.setEncoding('utf8').on('data', (text: string) => {
  buffer += text;
  for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    if (!line) continue;
    const message = JSON.parse(line) as { id?: unknown; result?: unknown };
    if (message.id === INIT_ID) {
      initialized(message.result);
      continue;
    }
    const res = message.id !== undefined ? pending.get(message.id) : undefined;
    if (!res) continue; // notifications and server->client requests are dropped
    pending.delete(message.id);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(line),
      'mcp-session-id': SESSION,
    });
    res.end(line);
  }
});
child.on('exit', () => process.exit(0));
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    child.kill('SIGKILL');
    process.exit(0);
  });

child.stdin.write(
  `${JSON.stringify({ jsonrpc: '2.0', id: INIT_ID, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'floor-proxy', version: '1' } } })}\n`,
);
const initResult = await ready;
child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    if (req.method !== 'POST') {
      res.writeHead(req.method === 'DELETE' ? 200 : 405).end();
      return;
    }
    const message = JSON.parse(body) as { id?: unknown; method?: string };
    if (message.method === 'initialize') {
      const answer = JSON.stringify({ jsonrpc: '2.0', id: message.id, result: initResult });
      res
        .writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': SESSION })
        .end(answer);
      return;
    }
    if (message.id === undefined) {
      res.writeHead(202).end(); // the server was initialized by the proxy itself
      return;
    }
    pending.set(message.id, res);
    child.stdin.write(`${body}\n`);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`LISTENING ${typeof address === 'object' && address ? address.port : 0}`);
});
