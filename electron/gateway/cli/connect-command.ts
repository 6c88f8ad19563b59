/**
 * `switchboard connect`: a stdio MCP server that is really the gateway. Stdio-only clients
 * (Claude Desktop's config) run it as their server command; every message is relayed as is
 * to the gateway's Streamable HTTP endpoint and back.
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

export type ConnectOptions = { url: string; headers?: Record<string, string> };

export async function connect(options: ConnectOptions): Promise<void> {
  const local = new StdioServerTransport();
  const remote = new StreamableHTTPClientTransport(new URL(options.url), {
    requestInit: { headers: options.headers ?? {} },
  });
  const initializeIds = new Set<string | number>();
  let closing = false;

  const shutdown = async (reason?: string) => {
    if (closing) return;
    closing = true;
    if (reason) process.stderr.write(`switchboard connect: ${reason}\n`);
    await remote.terminateSession().catch(() => {});
    await remote.close().catch(() => {});
    await local.close().catch(() => {});
    process.exit(reason ? 1 : 0);
  };

  local.onmessage = (message) => {
    if ('method' in message && message.method === 'initialize' && 'id' in message)
      initializeIds.add(message.id);
    remote.send(message).catch((error: unknown) => {
      // Answer the client instead of leaving it waiting on a request the gateway never got.
      if ('id' in message && 'method' in message) {
        void local.send({
          jsonrpc: '2.0',
          id: message.id,
          error: {
            code: -32603,
            message: `switchboard gateway at ${options.url} unreachable: ${(error as Error).message}`,
          },
        });
      }
    });
  };
  remote.onmessage = (message) => {
    if ('result' in message && initializeIds.delete(message.id)) {
      // Later requests must carry the negotiated version in MCP-Protocol-Version.
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof version === 'string') remote.setProtocolVersion(version);
    }
    void local.send(message);
  };
  remote.onerror = (error) => process.stderr.write(`switchboard connect: ${error.message}\n`);
  local.onclose = () => void shutdown();
  process.stdin.on('end', () => void shutdown());

  await remote.start();
  await local.start();
}
