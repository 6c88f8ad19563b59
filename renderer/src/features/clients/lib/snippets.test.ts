import { describe, expect, it } from 'vitest';
import { clientSnippets } from './snippets.ts';

describe('client snippets', () => {
  const byId = Object.fromEntries(
    clientSnippets('http://127.0.0.1:4777/', 'sb_t').map((snippet) => [snippet.id, snippet.text]),
  );

  it('gives Claude Desktop the stdio bridge with the token', () => {
    expect(JSON.parse(byId['claude-desktop']!)).toEqual({
      mcpServers: {
        switchboard: {
          command: 'switchboard',
          args: ['connect', '--url', 'http://127.0.0.1:4777/mcp', '--token', 'sb_t'],
        },
      },
    });
  });

  it('gives Cursor and VS Code the URL and the bearer header, each in its own shape', () => {
    expect(JSON.parse(byId.cursor!)).toEqual({
      mcpServers: {
        switchboard: {
          url: 'http://127.0.0.1:4777/mcp',
          headers: { Authorization: 'Bearer sb_t' },
        },
      },
    });
    expect(JSON.parse(byId.vscode!)).toEqual({
      servers: {
        switchboard: {
          type: 'http',
          url: 'http://127.0.0.1:4777/mcp',
          headers: { Authorization: 'Bearer sb_t' },
        },
      },
    });
  });

  it('gives Claude Code one command', () => {
    expect(byId['claude-code']).toBe(
      'claude mcp add --transport http switchboard http://127.0.0.1:4777/mcp --header "Authorization: Bearer sb_t"',
    );
  });

  it('asks for the token when it is not known', () => {
    expect(clientSnippets('http://127.0.0.1:4777')[1]!.text).toContain('Bearer <token>');
  });
});
