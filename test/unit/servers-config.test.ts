import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ConfigError,
  loadServersConfig,
  parseServersConfig,
} from '../../electron/gateway/config/servers-config.ts';

describe('servers config (Claude Desktop mcpServers shape)', () => {
  it('reads stdio and remote servers, with defaults, skipping disabled ones', () => {
    const specs = parseServersConfig(
      JSON.stringify({
        mcpServers: {
          fs: {
            command: 'npx',
            args: ['-y', 'server-filesystem', '/tmp'],
            env: { A: '1' },
            cwd: '/tmp',
          },
          remote: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { 'X-Key': 'k' } },
          old: { type: 'sse', url: 'https://mcp.example.com/sse' },
          off: { command: 'x', disabled: true },
        },
        globalShortcut: 'ignored by us',
      }),
      'claude.json',
    );
    expect(specs).toEqual([
      {
        kind: 'stdio',
        name: 'fs',
        command: 'npx',
        args: ['-y', 'server-filesystem', '/tmp'],
        env: { A: '1' },
        cwd: '/tmp',
      },
      {
        kind: 'http',
        name: 'remote',
        url: 'https://mcp.example.com/mcp',
        headers: { 'X-Key': 'k' },
      },
      { kind: 'sse', name: 'old', url: 'https://mcp.example.com/sse', headers: {} },
    ]);
  });

  const errorOf = (text: string) => {
    try {
      parseServersConfig(text, 'servers.json');
    } catch (error) {
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  it('names the file and the key that are wrong', () => {
    expect(errorOf('{').message).toMatch(/^servers\.json: is not valid JSON/);
    expect(errorOf('{}').message).toMatch(/servers\.json: "mcpServers"/);
    expect(errorOf('{"mcpServers":{"a":{"command":""}}}').message).toMatch(
      /"mcpServers\.a\.command" must not be empty/,
    );
    expect(errorOf('{"mcpServers":{"a":{"command":"x","args":"-v"}}}').key).toBe(
      'mcpServers.a.args',
    );
    expect(errorOf('{"mcpServers":{"a":{"type":"http","url":"not a url"}}}').message).toMatch(
      /mcpServers\.a/,
    );
    expect(errorOf('{"mcpServers":{"bad name":{"command":"x"}}}').message).toMatch(
      /"mcpServers\.bad name" is not a usable server name/,
    );
    expect(errorOf('{"mcpServers":{"a__b":{"command":"x"}}}').message).toMatch(/__/);
  });

  it('says which file could not be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
    await expect(loadServersConfig(join(dir, 'missing.json'))).rejects.toThrow(
      /missing\.json: cannot be read \(ENOENT\)/,
    );
    writeFileSync(join(dir, 'ok.json'), '{"mcpServers":{}}');
    await expect(loadServersConfig(join(dir, 'ok.json'))).resolves.toEqual([]);
  });
});
