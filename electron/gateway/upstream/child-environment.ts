import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

/**
 * The environment a child server sees: an allowlist of the gateway's own variables (so
 * secrets in the gateway's environment do not leak to every server), then the server's own.
 */
const EXTRA_ALLOWED = [
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'DBUS_SESSION_BUS_ADDRESS',
  'NODE_EXTRA_CA_CERTS',
  'npm_config_cache',
  'NPM_CONFIG_CACHE',
];

export function childEnvironment(
  serverEnv: Record<string, string>,
  options: { path?: string; source?: NodeJS.ProcessEnv } = {},
): Record<string, string> {
  const source = options.source ?? process.env;
  const env: Record<string, string> = { ...getDefaultEnvironment() };
  for (const key of EXTRA_ALLOWED) {
    const value = source[key];
    if (value !== undefined) env[key] = value;
  }
  if (options.path) env.PATH = options.path;
  return { ...env, ...serverEnv };
}
