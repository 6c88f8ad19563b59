/**
 * Where each AI client keeps its MCP servers, per OS, and how it can reach Switchboard today.
 * Paths are computed from an injected home dir and platform, so tests never touch the real home.
 */
import { posix, win32 } from 'node:path';
import {
  CLIENT_CONFIG_IDS,
  type ClientConfigId,
  type ClientLink,
} from '../../../shared/client-configs.ts';

export type ClientPlatform = 'linux' | 'darwin' | 'win32';

export type KnownClient = {
  id: ClientConfigId;
  label: string;
  /** The top-level key holding the servers: VS Code says `servers`, the others `mcpServers`. */
  serversKey: 'mcpServers' | 'servers';
  /** Only VS Code's files are JSONC (comments, trailing commas); the rest are strict JSON. */
  jsonc: boolean;
  /** `stdio`: the JSON config can only start a command (Claude Desktop). */
  link: ClientLink;
  /** The key of a remote entry's address: Windsurf calls it `serverUrl`. */
  urlKey: 'url' | 'serverUrl';
  /** Remote entries carry `"type": "http"` (VS Code, Claude Code require it). */
  typedRemote: boolean;
};

export const KNOWN_CLIENTS: Record<ClientConfigId, KnownClient> = {
  'claude-desktop': {
    id: 'claude-desktop',
    label: 'Claude Desktop',
    serversKey: 'mcpServers',
    jsonc: false,
    link: 'stdio',
    urlKey: 'url',
    typedRemote: false,
  },
  cursor: {
    id: 'cursor',
    label: 'Cursor',
    serversKey: 'mcpServers',
    jsonc: false,
    link: 'http',
    urlKey: 'url',
    typedRemote: false,
  },
  vscode: {
    id: 'vscode',
    label: 'VS Code',
    serversKey: 'servers',
    jsonc: true,
    link: 'http',
    urlKey: 'url',
    typedRemote: true,
  },
  'claude-code': {
    id: 'claude-code',
    label: 'Claude Code',
    serversKey: 'mcpServers',
    jsonc: false,
    link: 'http',
    urlKey: 'url',
    typedRemote: true,
  },
  windsurf: {
    id: 'windsurf',
    label: 'Windsurf',
    serversKey: 'mcpServers',
    jsonc: false,
    link: 'http',
    urlKey: 'serverUrl',
    typedRemote: false,
  },
};

export const ALL_CLIENTS: KnownClient[] = CLIENT_CONFIG_IDS.map((id) => KNOWN_CLIENTS[id]);

export type HomeContext = {
  home: string;
  platform: ClientPlatform;
  /** %APPDATA% on Windows; defaults to <home>\AppData\Roaming. */
  appData?: string;
};

/** Anything that is not macOS or Windows lays files out like Linux. */
export function clientPlatform(platform: NodeJS.Platform): ClientPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

/** Where the client's editor-style "user dir" lives (Claude Desktop, VS Code). */
function appSupport(context: HomeContext, app: string): string {
  const { home, platform } = context;
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', app);
  if (platform === 'win32')
    return win32.join(context.appData ?? win32.join(home, 'AppData', 'Roaming'), app);
  return posix.join(home, '.config', app);
}

/** The client's user-level config file: the one Switchboard reads, and writes on connect. */
export function clientConfigPath(id: ClientConfigId, context: HomeContext): string {
  const join = context.platform === 'win32' ? win32.join : posix.join;
  switch (id) {
    case 'claude-desktop':
      return join(appSupport(context, 'Claude'), 'claude_desktop_config.json');
    case 'vscode':
      return join(appSupport(context, 'Code'), 'User', 'mcp.json');
    case 'cursor':
      return join(context.home, '.cursor', 'mcp.json');
    case 'claude-code':
      return join(context.home, '.claude.json');
    case 'windsurf':
      return join(context.home, '.codeium', 'windsurf', 'mcp_config.json');
  }
}
