import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user data dir: $SWITCHBOARD_DATA_DIR, else the XDG config home (the same place on every OS we run headless). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWITCHBOARD_DATA_DIR) return env.SWITCHBOARD_DATA_DIR;
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Switchboard');
  if (process.platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Switchboard');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'switchboard');
}
