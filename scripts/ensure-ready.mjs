// Makes a fresh clone runnable with no manual step: installs dependencies when they are
// missing or stale, and checks that the project's own Node runtime (the `node` package,
// Node 24) is in place. Runs under whatever `node` is on PATH, so it sticks to old syntax.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const manifest = join(root, 'package.json');
const runtime = join(root, 'node_modules', '.bin', 'node');

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

const stale =
  !existsSync(marker) ||
  !existsSync(runtime) ||
  mtime(lock) > mtime(marker) ||
  mtime(manifest) > mtime(marker);

if (stale) {
  console.error('switchboard: installing dependencies (first run or package.json changed)…');
  const args = existsSync(lock) ? ['ci'] : ['install'];
  // The Electron binary is downloaded from outside the npm registry; the package itself is
  // only needed for its types here. The desktop shell fetches it where that is possible.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) {
    console.error(`switchboard: "npm ${args.join(' ')}" failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

const version = spawnSync(runtime, ['--version'], { encoding: 'utf8' });
const major = Number(/^v(\d+)/.exec(version.stdout ?? '')?.[1] ?? 0);
if (major < 22) {
  console.error(
    `switchboard: the project runtime at ${runtime} is ${version.stdout || 'missing'}; Node 22+ is required.`,
  );
  process.exit(1);
}
