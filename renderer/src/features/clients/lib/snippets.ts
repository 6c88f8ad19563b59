/** Ready-to-paste configuration for each MCP client app, pointing at this gateway. */

export type Snippet = {
  id: 'claude-desktop' | 'cursor' | 'vscode' | 'claude-code';
  label: string;
  /** Where it goes, in words. */
  where: string;
  text: string;
};

export const TOKEN_PLACEHOLDER = '<token>';

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** `gatewayUrl` is the gateway's base URL (e.g. http://127.0.0.1:4777). */
export function clientSnippets(gatewayUrl: string, token: string = TOKEN_PLACEHOLDER): Snippet[] {
  const mcp = `${gatewayUrl.replace(/\/+$/, '')}/mcp`;
  const authorization = `Bearer ${token}`;
  return [
    {
      id: 'claude-desktop',
      label: 'Claude Desktop',
      where: 'claude_desktop_config.json (Settings → Developer → Edit Config)',
      text: json({
        mcpServers: {
          switchboard: {
            command: 'switchboard',
            args: ['connect', '--url', mcp, '--token', token],
          },
        },
      }),
    },
    {
      id: 'cursor',
      label: 'Cursor',
      where: '~/.cursor/mcp.json, or .cursor/mcp.json in a project',
      text: json({
        mcpServers: { switchboard: { url: mcp, headers: { Authorization: authorization } } },
      }),
    },
    {
      id: 'vscode',
      label: 'VS Code',
      where: '.vscode/mcp.json in your workspace (or MCP: Open User Configuration)',
      text: json({
        servers: {
          switchboard: { type: 'http', url: mcp, headers: { Authorization: authorization } },
        },
      }),
    },
    {
      id: 'claude-code',
      label: 'Claude Code',
      where: 'a terminal',
      text: `claude mcp add --transport http switchboard ${mcp} --header "Authorization: ${authorization}"`,
    },
  ];
}
