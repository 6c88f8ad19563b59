import { describe, expect, it } from 'vitest';
import {
  normaliseEntry,
  pointsAtSwitchboard,
  switchboardEntry,
} from '../../electron/gateway/client-configs/client-entries.ts';
import { toServerName } from '../../electron/gateway/config/servers-config.ts';
import {
  detectFormatting,
  editConfigText,
  parseConfigText,
} from '../../electron/gateway/client-configs/jsonc-document.ts';
import {
  KNOWN_CLIENTS,
  clientConfigPath,
} from '../../electron/gateway/client-configs/known-clients.ts';
import {
  findLiteralSecrets,
  looksLikeSecretKey,
  referenceLiteralSecrets,
} from '../../electron/gateway/client-configs/literal-secrets.ts';
import { exportServers } from '../../electron/gateway/client-configs/servers-export.ts';

describe('where each client keeps its servers', () => {
  const linux = { home: '/home/ann', platform: 'linux' } as const;
  const mac = { home: '/Users/ann', platform: 'darwin' } as const;
  const windows = { home: 'C:\\Users\\ann', platform: 'win32', appData: 'D:\\Roaming' } as const;

  it.each([
    ['claude-desktop', linux, '/home/ann/.config/Claude/claude_desktop_config.json'],
    [
      'claude-desktop',
      mac,
      '/Users/ann/Library/Application Support/Claude/claude_desktop_config.json',
    ],
    ['claude-desktop', windows, 'D:\\Roaming\\Claude\\claude_desktop_config.json'],
    ['vscode', linux, '/home/ann/.config/Code/User/mcp.json'],
    ['vscode', mac, '/Users/ann/Library/Application Support/Code/User/mcp.json'],
    ['vscode', windows, 'D:\\Roaming\\Code\\User\\mcp.json'],
    ['cursor', windows, 'C:\\Users\\ann\\.cursor\\mcp.json'],
    ['claude-code', mac, '/Users/ann/.claude.json'],
    ['windsurf', linux, '/home/ann/.codeium/windsurf/mcp_config.json'],
  ] as const)('%s on %s', (id, context, path) => {
    expect(clientConfigPath(id, context)).toBe(path);
  });

  it('defaults %APPDATA% to the roaming folder under home', () => {
    expect(clientConfigPath('vscode', { home: 'C:\\Users\\bo', platform: 'win32' })).toBe(
      'C:\\Users\\bo\\AppData\\Roaming\\Code\\User\\mcp.json',
    );
  });
});

describe('reading entries', () => {
  it("reads Windsurf's serverUrl and guesses legacy SSE from the path", () => {
    expect(normaliseEntry(KNOWN_CLIENTS.windsurf, { serverUrl: 'https://x.dev/sse' })).toEqual({
      ok: true,
      disabled: false,
      entry: { kind: 'sse', url: 'https://x.dev/sse' },
    });
  });

  it('names the field that is wrong', () => {
    expect(normaliseEntry(KNOWN_CLIENTS.cursor, { command: 'x', args: 'no' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^args: /),
    });
    expect(normaliseEntry(KNOWN_CLIENTS.cursor, { env: {} })).toMatchObject({ ok: false });
  });

  it('knows entries that lead to Switchboard', () => {
    const url = 'http://127.0.0.1:4777';
    expect(
      pointsAtSwitchboard('sb', { command: 'npx', args: ['-y', 'switchboard', 'connect'] }),
    ).toBe(true);
    expect(
      pointsAtSwitchboard('sb', { command: 'C:\\bin\\switchboard.cmd', args: ['connect'] }),
    ).toBe(true);
    expect(pointsAtSwitchboard('x', { url: 'http://localhost:4777/mcp' }, url)).toBe(true);
    expect(pointsAtSwitchboard('x', { url: 'http://localhost:4778/mcp' }, url)).toBe(false);
    expect(pointsAtSwitchboard('x', { command: 'switchboard', args: ['serve'] })).toBe(false);
  });

  it('makes client names usable as server names', () => {
    expect(toServerName('My Server')).toBe('My-Server');
    expect(toServerName('a__b')).toBe('a_b');
    expect(toServerName('ok.name')).toBe('ok.name');
  });
});

describe('the entry that connects a client', () => {
  const options = { gatewayUrl: 'http://127.0.0.1:4777/', token: 'sb_t' };
  it('gives stdio-only clients the bridge, the token in its environment only', () => {
    const entry = switchboardEntry(KNOWN_CLIENTS['claude-desktop'], {
      ...options,
      bridge: { command: '/opt/node', args: ['/opt/sb.js'] },
    });
    expect(entry).toEqual({
      command: '/opt/node',
      args: ['/opt/sb.js', 'connect', '--url', 'http://127.0.0.1:4777/mcp'],
      env: { SWITCHBOARD_TOKEN: 'sb_t' },
    });
  });
  it('gives HTTP clients the URL under their own key and the token in a header', () => {
    expect(switchboardEntry(KNOWN_CLIENTS.vscode, options)).toEqual({
      type: 'http',
      url: 'http://127.0.0.1:4777/mcp',
      headers: { Authorization: 'Bearer sb_t' },
    });
    expect(switchboardEntry(KNOWN_CLIENTS.windsurf, options)).toHaveProperty('serverUrl');
  });
});

describe('literal secrets', () => {
  it('finds secret-looking keys with literal values, not references', () => {
    expect(looksLikeSecretKey('GITHUB_PERSONAL_ACCESS_TOKEN')).toBe(true);
    expect(looksLikeSecretKey('X-Api-Key')).toBe(true);
    expect(looksLikeSecretKey('MEMORY_FILE_PATH')).toBe(false);
    expect(
      findLiteralSecrets({
        env: { API_KEY: 'abc', TOKEN: '${secret:TOKEN}', HOST_TOKEN: '${env:X}', PATH: '/bin' },
      }),
    ).toEqual([{ field: 'env', key: 'API_KEY' }]);
  });

  it('moves them to references and keeps an auth scheme', () => {
    const { entry, moved } = referenceLiteralSecrets('docs', {
      headers: { Authorization: 'Bearer xyz', Accept: 'text/plain' },
    });
    expect(entry.headers).toEqual({
      Authorization: 'Bearer ${secret:Authorization}',
      Accept: 'text/plain',
    });
    expect(moved).toEqual([{ account: 'docs/Authorization', name: 'Authorization', value: 'xyz' }]);
  });
});

describe('editing a config file', () => {
  const entry = { url: 'u' };
  it('keeps comments, trailing commas and a one-line sibling as they are', () => {
    const text = '{\n  // mine\n  "servers": {\n    "a": { "x": 1 }, // why\n  },\n}\n';
    const edited = editConfigText(text, ['servers', 'switchboard'], entry);
    expect(edited).toBe(
      '{\n  // mine\n  "servers": {\n    "a": { "x": 1 }, // why\n    "switchboard": {\n      "url": "u"\n    },\n  },\n}\n',
    );
    expect(parseConfigText(edited, 'f', { jsonc: true })).toEqual({
      servers: { a: { x: 1 }, switchboard: entry },
    });
  });

  it('puts our entry after a sibling, not between it and its trailing comment', () => {
    const text = '{\n  "mcpServers": {\n    "a": {} // note\n  }\n}';
    expect(editConfigText(text, ['mcpServers', 'switchboard'], entry)).toBe(
      '{\n  "mcpServers": {\n    "a": {}, // note\n    "switchboard": {\n      "url": "u"\n    }\n  }\n}',
    );
  });

  it('follows the file: tabs, four spaces, CRLF; and starts an empty file', () => {
    expect(detectFormatting('{\r\n\t"a": 1\r\n}')).toEqual({
      insertSpaces: false,
      tabSize: 1,
      eol: '\r\n',
    });
    expect(detectFormatting('{\n    "a": 1\n}')).toMatchObject({ insertSpaces: true, tabSize: 4 });
    expect(editConfigText('', ['mcpServers', 'switchboard'], entry)).toBe(
      '{\n  "mcpServers": {\n    "switchboard": {\n      "url": "u"\n    }\n  }\n}\n',
    );
  });

  it('replaces our entry in place on reconnect', () => {
    const text = '{\n  "mcpServers": {\n    "switchboard": { "url": "old" },\n    "b": {}\n  }\n}';
    expect(editConfigText(text, ['mcpServers', 'switchboard'], entry)).toBe(
      '{\n  "mcpServers": {\n    "switchboard": {\n      "url": "u"\n    },\n    "b": {}\n  }\n}',
    );
  });

  it('names the line and column of bad JSON, and refuses comments in strict files', () => {
    expect(() => parseConfigText('{\n  "a": 1,,\n}', 'x.json', { jsonc: true })).toThrow(
      /x\.json: is not valid JSONC: .* at line 2, column 10/,
    );
    expect(() => parseConfigText('// c\n{}', 'y.json', { jsonc: false })).toThrow(
      /y\.json: is not valid JSON: invalid comment token at line 1, column 1/,
    );
    expect(() => parseConfigText('[1]', 'z.json', { jsonc: false })).toThrow(
      /must hold a JSON object/,
    );
  });
});

describe('exporting servers', () => {
  it('keeps references and replaces literal secrets by references', () => {
    const result = exportServers({
      a: { command: 'x', env: { API_KEY: 'v', MODE: 'fast', T: '${secret:T}' } },
    });
    expect(result.document.mcpServers.a).toEqual({
      command: 'x',
      env: { API_KEY: '${secret:API_KEY}', MODE: 'fast', T: '${secret:T}' },
    });
    expect(result.redacted).toEqual(['a.env.API_KEY']);
  });
});
