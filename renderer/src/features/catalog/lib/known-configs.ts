/** Where other MCP clients keep their `mcpServers` files, as full paths for this user. */

/** The home directory, guessed from the data dir (e.g. /home/ada/.config/switchboard). */
export function homeFrom(dataDir: string | undefined): string | undefined {
  return dataDir
    ? /^(\/home\/[^/]+|\/Users\/[^/]+|\/root|[A-Za-z]:\\Users\\[^\\]+)/.exec(dataDir)?.[1]
    : undefined;
}

export function knownConfigFiles(dataDir: string | undefined): { label: string; path: string }[] {
  const home = homeFrom(dataDir);
  if (!home) return [];
  if (home.startsWith('/Users/')) {
    return [
      {
        label: 'Claude Desktop',
        path: `${home}/Library/Application Support/Claude/claude_desktop_config.json`,
      },
      { label: 'Cursor', path: `${home}/.cursor/mcp.json` },
    ];
  }
  if (/^[A-Za-z]:\\/.test(home)) {
    return [
      {
        label: 'Claude Desktop',
        path: `${home}\\AppData\\Roaming\\Claude\\claude_desktop_config.json`,
      },
      { label: 'Cursor', path: `${home}\\.cursor\\mcp.json` },
    ];
  }
  return [
    { label: 'Claude Desktop', path: `${home}/.config/Claude/claude_desktop_config.json` },
    { label: 'Cursor', path: `${home}/.cursor/mcp.json` },
  ];
}
