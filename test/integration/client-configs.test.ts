/**
 * Moving in and connecting clients, on temporary copies of each client's own config format:
 * the gateway lists what each file holds, imports its servers (literal secrets into the secret
 * store, references in the servers file), writes itself into the file keeping every other
 * entry, comment and unknown key, and a client using exactly what was written (the stdio
 * bridge for Claude Desktop, Streamable HTTP for the rest) reaches the gateway. Undo puts the
 * file back byte for byte and revokes the token.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parse } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientConfigId } from '../../shared/client-configs.ts';
import type { MethodName, MethodParams, MethodResult } from '../../shared/contract.ts';
import type { HttpEngineApi } from '../../shared/http-engine-client.ts';
import { clientConfigPath } from '../../electron/gateway/client-configs/known-clients.ts';
import { ROOT, adminApi, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

type Case = {
  client: ClientConfigId;
  fixture: string;
  /** The literal secret in the fixture, which import moves and no answer may show. */
  literal: string;
  imported: string[];
  skipped: string[];
  serversKey: 'mcpServers' | 'servers';
};

const CASES: Case[] = [
  {
    client: 'claude-desktop',
    fixture: 'claude-desktop.json',
    literal: 'sk-desktop-literal-1',
    imported: ['memory'],
    skipped: ['off', 'old-bridge'],
    serversKey: 'mcpServers',
  },
  {
    client: 'cursor',
    fixture: 'cursor.json',
    literal: 'cursor-literal-2',
    imported: ['docs', 'memory'],
    skipped: [],
    serversKey: 'mcpServers',
  },
  {
    client: 'vscode',
    fixture: 'vscode.jsonc',
    literal: 'ghp_vscode_literal_3',
    imported: ['memory', 'tickets'],
    skipped: [],
    serversKey: 'servers',
  },
  {
    client: 'claude-code',
    fixture: 'claude-code.json',
    literal: 'code-literal-4',
    imported: ['memory', 'search'],
    skipped: [],
    serversKey: 'mcpServers',
  },
  {
    client: 'windsurf',
    fixture: 'windsurf.json',
    literal: 'windsurf-literal-5',
    imported: ['memory', 'remote-sse'],
    skipped: [],
    serversKey: 'mcpServers',
  },
];

const MEMORY = servers.memory().kind === 'stdio' ? (servers.memory() as { args: string[] }) : null;

function fixtureText(name: string, home: string): string {
  return readFileSync(join(ROOT, 'test/fixtures/client-configs', name), 'utf8')
    .replaceAll('__NODE__', process.execPath)
    .replaceAll('__MEMORY__', MEMORY!.args[0]!)
    .replaceAll('__HOME__', home);
}

let home: string;
let harness: Harness;
let api: HttpEngineApi;
let configFile: string;

async function call<M extends MethodName>(
  method: M,
  params: MethodParams<M>,
): Promise<MethodResult<M>> {
  const result = await api.call(method, params);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'switchboard-home-'));
  configFile = join(home, 'switchboard-mcp.json');
  writeFileSync(configFile, JSON.stringify({ mcpServers: {} }));
  harness = await startGateway([], {
    configFile,
    clientConfigHome: { home, platform: 'linux' },
    settings: { catalog: { registryUrl: null } },
  });
  api = adminApi(harness);
});
afterEach(async () => {
  api.close();
  await harness.close();
  rmSync(home, { recursive: true, force: true });
});

/** The entry connect wrote into a client's `mcpServers` file. */
function ourEntry(file: string): Record<string, unknown> & { headers: Record<string, string> } {
  const document = parse(readFileSync(file, 'utf8')) as {
    mcpServers: Record<string, Record<string, unknown> & { headers: Record<string, string> }>;
  };
  return document.mcpServers.switchboard!;
}

/** A client that uses exactly the entry written into its file. */
async function clientFromEntry(entry: Record<string, unknown>): Promise<Client> {
  const client = new Client({ name: 'connected-client', version: '1.0.0' });
  if (typeof entry.command === 'string') {
    await client.connect(
      new StdioClientTransport({
        command: entry.command,
        args: entry.args as string[],
        env: {
          ...(process.env as Record<string, string>),
          ...(entry.env as Record<string, string>),
        },
        stderr: 'pipe',
      }),
    );
  } else {
    const url = (entry.url ?? entry.serverUrl) as string;
    const headers = entry.headers as Record<string, string>;
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
    );
  }
  return client;
}

describe.each(CASES)('$client', (testCase) => {
  it('imports its servers with secrets moved, connects, and undo restores the file', async () => {
    const file = clientConfigPath(testCase.client, { home, platform: 'linux' });
    mkdirSync(dirname(file), { recursive: true });
    const original = fixtureText(testCase.fixture, home);
    writeFileSync(file, original);

    const views = await call('clientConfigs:list', {});
    const view = views.find((item) => item.client === testCase.client)!;
    // Claude Desktop's file has an old bridge entry: it counts as connected, and is skipped.
    const connectedBefore = testCase.skipped.includes('old-bridge');
    expect(view).toMatchObject({ found: true, connected: connectedBefore, canUndo: false, file });
    expect(JSON.stringify(views)).not.toContain(testCase.literal);
    expect(view.servers.flatMap((server) => server.literalSecrets)).toHaveLength(1);

    const imported = await call('clientConfigs:import', { client: testCase.client });
    expect(imported.added.sort()).toEqual(testCase.imported);
    expect(imported.skipped.map((skip) => skip.name).sort()).toEqual(testCase.skipped);
    expect(imported.secretsMoved).toHaveLength(1);
    const saved = readFileSync(configFile, 'utf8');
    expect(saved).not.toContain(testCase.literal);
    expect(saved).toContain('${secret:');
    const [server, key] = imported.secretsMoved[0]!.split('/');
    expect(await harness.gateway.trust.secrets.get(`${server}/${key}`)).toBe(testCase.literal);
    expect(readFileSync(file, 'utf8')).toBe(original);

    // Importing twice adds nothing: the names are taken now.
    const again = await call('clientConfigs:import', { client: testCase.client });
    expect(again.added).toEqual([]);

    const connected = await call('clientConfigs:connect', { client: testCase.client });
    expect(connected.backup).toBeDefined();
    expect(readFileSync(connected.backup!, 'utf8')).toBe(original);
    const written = readFileSync(file, 'utf8');
    expect(JSON.stringify(connected)).not.toMatch(/sb_[A-Za-z0-9_-]{20,}/);
    // Every other key, entry and comment survives.
    const before = parse(original) as Record<string, Record<string, unknown>>;
    const after = parse(written) as Record<string, Record<string, unknown>>;
    expect({ ...after, [testCase.serversKey]: undefined }).toEqual({
      ...before,
      [testCase.serversKey]: undefined,
    });
    const { switchboard: entry, ...others } = after[testCase.serversKey]!;
    expect(others).toEqual(before[testCase.serversKey]);
    for (const comment of original.match(/\/\/.*|\/\*.*?\*\//g) ?? [])
      expect(written).toContain(comment);

    await harness.gateway.whenSettled();
    const client = await clientFromEntry(entry as Record<string, unknown>);
    const { tools } = await client.listTools();
    expect(tools.some((tool) => tool.name.startsWith('memory'))).toBe(true);
    await client.close();

    const listed = (await call('clientConfigs:list', {})).find((v) => v.client === testCase.client);
    expect(listed).toMatchObject({ connected: true, canUndo: true });

    const undone = await call('clientConfigs:undo', { client: testCase.client });
    expect(undone).toMatchObject({ outcome: 'restored', revoked: connected.clientName });
    expect(readFileSync(file)).toEqual(Buffer.from(original));
    expect(existsSync(connected.backup!)).toBe(false);
    await expect(clientFromEntry(entry as Record<string, unknown>)).rejects.toThrow();
  });
});

describe('connecting and undoing', () => {
  it('reconnecting rotates the token and undo still returns the first original', async () => {
    const file = clientConfigPath('cursor', { home, platform: 'linux' });
    mkdirSync(dirname(file), { recursive: true });
    const original = '{\n  "mcpServers": {}\n}\n';
    writeFileSync(file, original);
    await call('clientConfigs:connect', { client: 'cursor' });
    const first = ourEntry(file);
    await call('clientConfigs:connect', { client: 'cursor' });
    const second = ourEntry(file);
    expect(second.headers.Authorization).not.toBe(first.headers.Authorization);
    await expect(clientFromEntry(first)).rejects.toThrow();
    await (await clientFromEntry(second)).close();
    expect((await call('clients:list', {})).filter((c) => !c.revokedAt).map((c) => c.name)).toEqual(
      ['test-client', 'cursor'],
    );
    await call('clientConfigs:undo', { client: 'cursor' });
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('creates a missing file and its folders, and undo removes them again', async () => {
    const file = clientConfigPath('windsurf', { home, platform: 'linux' });
    const result = await call('clientConfigs:connect', { client: 'windsurf' });
    expect(result).toMatchObject({ created: true, file });
    expect(result.backup).toBeUndefined();
    const entry = ourEntry(file);
    expect(entry.serverUrl).toBe(`${harness.url}/mcp`);
    await (await clientFromEntry(entry)).close();
    expect(await call('clientConfigs:undo', { client: 'windsurf' })).toMatchObject({
      outcome: 'removed',
    });
    expect(existsSync(join(home, '.codeium'))).toBe(false);
  });

  it('keeps edits made after connect aside before restoring', async () => {
    const file = clientConfigPath('claude-code', { home, platform: 'linux' });
    const original = '{ "theme": "light" }';
    writeFileSync(file, original);
    await call('clientConfigs:connect', { client: 'claude-code' });
    const edited = readFileSync(file, 'utf8').replace('"light"', '"dark"');
    writeFileSync(file, edited);
    const undone = await call('clientConfigs:undo', { client: 'claude-code' });
    expect(readFileSync(undone.keptChanges!, 'utf8')).toBe(edited);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('refuses a file that is not valid JSON, naming the position, and leaves it alone', async () => {
    const file = clientConfigPath('claude-desktop', { home, platform: 'linux' });
    mkdirSync(dirname(file), { recursive: true });
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x", }\n  }\n}\n';
    writeFileSync(file, broken);
    const view = (await call('clientConfigs:list', {})).find((v) => v.client === 'claude-desktop');
    expect(view?.error).toMatch(/claude_desktop_config\.json: is not valid JSON: .* at line 3/);
    const result = await api.call('clientConfigs:connect', { client: 'claude-desktop' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'invalid-params' });
    expect(readFileSync(file, 'utf8')).toBe(broken);
    const undo = await api.call('clientConfigs:undo', { client: 'claude-desktop' });
    expect(undo.ok).toBe(false);
  });
});

describe('servers:export', () => {
  it('writes secrets as references, never values', async () => {
    writeFileSync(
      configFile,
      JSON.stringify({
        mcpServers: {
          kept: { command: 'node', args: ['a.js'], env: { API_TOKEN: '${secret:API_TOKEN}' } },
          typed: {
            type: 'http',
            url: 'https://x.example/mcp',
            headers: { 'X-Api-Key': 'plain-6' },
          },
        },
      }),
    );
    await harness.close();
    harness = await startGateway([], { configFile, waitForServers: false });
    api.close();
    api = adminApi(harness);
    const exported = await call('servers:export', {});
    expect(JSON.stringify(exported)).not.toContain('plain-6');
    expect(exported.document.mcpServers.kept!.env).toEqual({ API_TOKEN: '${secret:API_TOKEN}' });
    expect(exported.document.mcpServers.typed!.headers).toEqual({
      'X-Api-Key': '${secret:X-Api-Key}',
    });
    expect(exported.redacted).toEqual(['typed.headers.X-Api-Key']);
  });
});
