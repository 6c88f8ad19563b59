/**
 * `switchboard clients configs|import|connect|undo` and `servers export` as a user runs them,
 * with HOME pointing at a scratch home: through a running gateway (Claude Desktop gets the
 * stdio bridge, and a real MCP client started from exactly that entry reaches the gateway),
 * and with none running (the data dir's servers file is written).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, serveCli, type Serving } from '../helpers/cli-process.ts';

type Entry = { command: string; args: string[]; env: Record<string, string> };

describe('switchboard clients connect', () => {
  let home: string;
  const env = () => ({ HOME: home, SWITCHBOARD_SECRET_STORE: 'file' });
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'switchboard-clients-cli-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('explains itself with --help', async () => {
    const help = await runCli(['clients', 'connect', '--help']);
    expect(help.stdout).toContain('claude-desktop|cursor|vscode|claude-code|windsurf');
    const bad = await runCli(['clients', 'connect', 'notepad']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('use one of claude-desktop|cursor|vscode|claude-code|windsurf');
  });

  describe('with a gateway running', () => {
    let serving: Serving;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = join(home, 'running');
      const config = join(home, 'running.json');
      writeFileSync(config, JSON.stringify({ mcpServers: {} }));
      serving = await serveCli(config, dataDir, env());
    });
    afterAll(async () => {
      serving.child.kill('SIGTERM');
      await serving.exited;
    });

    it('writes the stdio bridge for Claude Desktop; the client reaches the gateway; undo restores', async () => {
      const file = join(home, '.config/Claude/claude_desktop_config.json');
      mkdirSync(dirname(file), { recursive: true });
      const original = '{\n  "mcpServers": {},\n  "globalShortcut": "Alt+Space"\n}\n';
      writeFileSync(file, original);
      const connected = await runCli(
        ['clients', 'connect', 'claude-desktop', '--data-dir', dataDir],
        env(),
      );
      expect(connected.stderr).toBe('');
      expect(connected.stdout).toContain(`Updated ${file}`);
      expect(connected.stdout).toContain('"SWITCHBOARD_TOKEN":"<token>"');
      const config = JSON.parse(readFileSync(file, 'utf8')) as {
        globalShortcut: string;
        mcpServers: { switchboard: Entry };
      };
      expect(config.globalShortcut).toBe('Alt+Space');
      const entry = config.mcpServers.switchboard;
      expect(entry.args).toContain(`${serving.url}/mcp`);

      const client = new Client({ name: 'desktop', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: entry.command,
          args: entry.args,
          env: { ...entry.env, HOME: home },
        }),
      );
      expect((await client.listTools()).tools).toBeDefined();
      await client.close();

      const listed = await runCli(['clients', 'configs', '--data-dir', dataDir], env());
      expect(listed.stdout).toMatch(/claude-desktop\s+connected, 0 servers/);
      const undone = await runCli(
        ['clients', 'undo', 'claude-desktop', '--data-dir', dataDir],
        env(),
      );
      expect(undone.stdout).toContain(`Restored: ${file}; revoked client "claude-desktop"`);
      expect(readFileSync(file, 'utf8')).toBe(original);
    });
  });

  it('imports and exports with no gateway running', async () => {
    const dataDir = join(home, 'offline');
    const file = join(home, '.cursor/mcp.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        mcpServers: {
          docs: { url: 'https://docs.example/mcp', headers: { 'X-Api-Key': 'k-123' } },
        },
      }),
    );
    const imported = await runCli(['clients', 'import', 'cursor', '--data-dir', dataDir], env());
    expect(imported.stdout).toContain('added: docs');
    expect(imported.stdout).toContain('secrets now in the secret store: docs/X-Api-Key');
    expect(readFileSync(join(dataDir, 'mcp.json'), 'utf8')).not.toContain('k-123');
    const exported = await runCli(['servers', 'export', '--data-dir', dataDir], env());
    const document = JSON.parse(exported.stdout) as {
      mcpServers: Record<string, Entry & { headers: object }>;
    };
    expect(document.mcpServers.docs!.headers).toEqual({ 'X-Api-Key': '${secret:X-Api-Key}' });
    expect(exported.stdout).not.toContain('k-123');
  });
});
