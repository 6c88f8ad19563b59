/** Builds .mcpb bundles for tests: a zip of manifest.json and the greeter server, with fflate. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { ROOT } from './gateway-harness.ts';

export const GREETER_MANIFEST = {
  manifest_version: '0.3',
  name: 'greeter',
  display_name: 'Greeter',
  version: '1.2.0',
  description: 'Greets people',
  author: { name: 'Switchboard tests' },
  server: {
    type: 'node',
    entry_point: 'server/index.js',
    mcp_config: {
      command: 'node',
      args: ['${__dirname}/server/index.js', '${user_config.greeting}'],
      env: { GREETER_API_KEY: '${user_config.api_key}' },
    },
  },
  user_config: {
    greeting: { type: 'string', title: 'Greeting', required: true, default: 'hello' },
    api_key: { type: 'string', title: 'API key', sensitive: true, required: true },
  },
};

/** Writes a bundle to `file`: the manifest (as given: it may be broken on purpose) and files. */
export function writeBundle(
  file: string,
  manifest: unknown = GREETER_MANIFEST,
  extra: Record<string, string> = {},
): string {
  const server = readFileSync(join(ROOT, 'test/fixtures/mcpb/greeter-server.js'));
  const entries: Record<string, Uint8Array> = {
    'manifest.json': strToU8(JSON.stringify(manifest, null, 2)),
    'server/index.js': new Uint8Array(server),
    'server/package.json': strToU8('{"type":"module"}'),
  };
  for (const [name, text] of Object.entries(extra)) entries[name] = strToU8(text);
  writeFileSync(file, zipSync(entries));
  return file;
}
