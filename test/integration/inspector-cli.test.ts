/**
 * A second, independent client: the official MCP Inspector's CLI (built on SDK v2), over all
 * three ways in: Streamable HTTP, legacy SSE, and the stdio bridge. It sends the client token
 * with `--header` over HTTP and SSE; the bridge gets it with `--token`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE, ROOT, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

const run = promisify(execFile);
const INSPECTOR = join(
  ROOT,
  'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js',
);

describe('MCP Inspector CLI through the gateway', () => {
  let harness: Harness;
  const inspect = async (...args: string[]) => {
    const { stdout } = await run(NODE, [INSPECTOR, '--cli', ...args], {
      env: { ...process.env, MCP_CATALOG_PATH: join(harness.dataDir, 'inspector-catalog.json') },
      timeout: 30_000,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  /** The gateway URL + path, and the header that carries the test client's token. */
  const at = (path: string) => [
    `${harness.url}${path}`,
    '--header',
    `Authorization: Bearer ${harness.token}`,
  ];

  beforeAll(async () => {
    harness = await startGateway([servers.everything(), servers.memory()]);
  });
  afterAll(() => harness.close());

  it('calls a tool over Streamable HTTP', async () => {
    const result = await inspect(
      ...at('/mcp'),
      '--method',
      'tools/call',
      '--tool-name',
      'everything__echo',
      '--tool-arg',
      'message=inspected',
    );
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: inspected' }]);
  });

  it('lists tools over legacy SSE', async () => {
    const result = await inspect(...at('/sse'), '--method', 'tools/list');
    const names = (result.tools as { name: string }[]).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['everything__echo', 'memory__read_graph']));
  });

  it('gets a prompt through the stdio bridge (switchboard connect)', async () => {
    const result = await inspect(
      NODE,
      join(ROOT, 'bin/switchboard.js'),
      'connect',
      '--url',
      `${harness.url}/mcp`,
      '--token',
      harness.token,
      '--method',
      'prompts/get',
      '--prompt-name',
      'everything__args-prompt',
      '--prompt-args',
      'city=Lyon',
    );
    expect(JSON.stringify(result.messages)).toContain('Lyon');
  });

  it('reads a resource by the URI the gateway listed', async () => {
    const listed = await inspect(...at('/mcp'), '--method', 'resources/list');
    const uri = (listed.resources as { uri: string }[])[0]!.uri;
    expect(uri).toMatch(/^switchboard:\/\/everything\//);
    const read = await inspect(...at('/mcp'), '--method', 'resources/read', '--uri', uri);
    expect((read.contents as { uri: string }[])[0]!.uri).toBe(uri);
  });

  it('gets nothing without the token', async () => {
    for (const path of ['/mcp', '/sse']) {
      await expect(inspect(`${harness.url}${path}`, '--method', 'tools/list')).rejects.toThrow(
        /auth_required|401|Unauthorized/,
      );
    }
  });
});
