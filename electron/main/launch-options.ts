/** The desktop app's command line: `--config FILE --data-dir DIR --port N --hidden`. */
import { parseArgs } from 'node:util';
import { DEFAULT_PORT } from '../gateway/cli/runtime-files.ts';
import { defaultDataDir } from '../gateway/config/data-dir.ts';

export type LaunchOptions = { dataDir: string; port: number; configFile?: string; hidden: boolean };

/** Unknown flags (Chromium's, macOS's -psn_…) are ignored rather than fatal. */
export function parseLaunchOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): LaunchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      hidden: { type: 'boolean' },
    },
    strict: false,
    allowPositionals: true,
  });
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const port = Number(text(values.port) ?? DEFAULT_PORT);
  const configFile = text(values.config);
  return {
    dataDir: text(values['data-dir']) ?? defaultDataDir(env),
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : DEFAULT_PORT,
    ...(configFile ? { configFile } : {}),
    hidden: values.hidden === true,
  };
}
