#!/usr/bin/env node
// Launcher. Switchboard's TypeScript runs directly on Node >= 22.18 (type stripping). When a
// client starts this with an older system Node, re-run it under the project's own runtime.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
const modern = major > 22 || (major === 22 && minor >= 18);

if (!modern) {
  const runtime = join(here, '..', 'node_modules', '.bin', 'node');
  if (!existsSync(runtime)) {
    console.error(
      `switchboard needs Node 22.18 or newer (this is ${process.version}); run "npm install" in ${join(here, '..')} first.`,
    );
    process.exit(1);
  }
  const result = spawnSync(runtime, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}

await import('../electron/gateway/cli/main.ts');
