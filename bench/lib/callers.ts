/**
 * The three ways the bench calls server-everything's `echo` tool: the SDK over stdio (the
 * baseline), the lean raw HTTP client, and the SDK over Streamable HTTP. Each caller's close is
 * registered for clean-up, so it also runs on error or Ctrl+C.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { EVERYTHING, NODE, registerStop } from './processes.ts';
import { RawMcpClient } from './raw-http-client.ts';

export type Caller = {
  call: () => Promise<void>;
  close: () => Promise<void>;
  /** The server process the caller started itself (direct stdio only). */
  serverPids?: number[];
};

const MESSAGE = 'hello from the bench';
const EXPECTED = `Echo: ${MESSAGE}`;
const ARGUMENTS = { message: MESSAGE };

function checkEcho(result: unknown): void {
  const text = (result as { content?: Array<{ text?: unknown }> } | undefined)?.content?.[0]?.text;
  if (text !== EXPECTED)
    throw new Error(`unexpected echo result: ${JSON.stringify(result).slice(0, 300)}`);
}

function sdkClient(): Client {
  return new Client({ name: 'switchboard-bench', version: '1.0.0' }, { capabilities: {} });
}

/** Its own everything server over stdio. */
export async function directCaller(): Promise<Caller> {
  const transport = new StdioClientTransport({ command: NODE, args: [EVERYTHING], stderr: 'pipe' });
  transport.stderr?.on('data', () => {});
  const client = sdkClient();
  // client.close() ends its stdin, then escalates to SIGTERM and SIGKILL; the server also exits
  // by itself when the bench dies and its stdin closes.
  const close = registerStop(() => client.close());
  await client.connect(transport);
  const pid = transport.pid;
  return {
    call: async () => checkEcho(await client.callTool({ name: 'echo', arguments: ARGUMENTS })),
    close,
    serverPids: pid !== null ? [pid] : [],
  };
}

export async function rawCaller(
  url: URL,
  tool: string,
  headers: Record<string, string>,
): Promise<Caller> {
  const client = new RawMcpClient(url, headers);
  const close = registerStop(() => client.close());
  await client.initialize();
  return {
    call: async () =>
      checkEcho(await client.rpc('tools/call', { name: tool, arguments: ARGUMENTS })),
    close,
  };
}

export async function sdkCaller(
  url: URL,
  tool: string,
  headers: Record<string, string>,
): Promise<Caller> {
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
  const client = sdkClient();
  const close = registerStop(async () => {
    await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
  });
  await client.connect(transport);
  return {
    call: async () => checkEcho(await client.callTool({ name: tool, arguments: ARGUMENTS })),
    close,
  };
}
