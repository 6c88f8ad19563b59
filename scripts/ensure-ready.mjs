// Makes a fresh clone runnable with no manual step: installs dependencies when they are missing
// or stale, then builds the dashboard when its sources are newer. Nothing here compiles native
// code (every native module ships prebuilt N-API binaries in npm packages), so Node.js and npm
// are all a machine needs. Runs under whatever `node` is on PATH (Node 20 or newer): plain syntax only.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainInstallFailure } from './install-failure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const manifest = join(root, 'package.json');
const runtime = join(root, 'node_modules', '.bin', 'node');

/** The one line a failed start ends with: what failed, and what to do. */
function fail(line) {
  console.error(`switchboard: ${line}`);
  process.exit(1);
}

const [systemMajor] = process.versions.node.split('.').map(Number);
if (systemMajor < 20)
  fail(`Node.js ${process.version} is too old to set up Switchboard: install Node.js 20 or newer.`);

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

/**
 * Runs npm; on failure its error output (stack traces included) goes to a log file, and the
 * user reads one line saying what failed and what to do, with the log's path above it.
 */
function npm(args) {
  const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npmCommand, args, {
    cwd: root,
    stdio: ['inherit', 'inherit', 'pipe'],
    encoding: 'utf8',
    // Electron's own binary comes from outside the npm registry; the headless gateway does not
    // need it, and `npm start` says how to get the desktop app when it is missing.
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status === 0) {
    if (result.stderr) process.stderr.write(result.stderr);
    return;
  }
  const log = join(tmpdir(), `switchboard-install-${Date.now()}.log`);
  writeFileSync(log, result.stderr ?? '');
  console.error(`switchboard: npm's own output is in ${log}`);
  fail(explainInstallFailure(`npm ${args[0]}`, result));
}

const stale =
  !existsSync(marker) ||
  !existsSync(runtime) ||
  mtime(lock) > mtime(marker) ||
  mtime(manifest) > mtime(marker);

if (stale) {
  console.error('switchboard: installing dependencies (first run or package.json changed)…');
  // A fresh clone gets exactly the lock file; a working tree whose package.json changed gets an update.
  const fresh = existsSync(lock) && !existsSync(join(root, 'node_modules'));
  // Errors only: Node 20 makes npm warn about engines of packages that run on the project's Node 24.
  npm([fresh ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error']);
}

const version = spawnSync(runtime, ['--version'], { encoding: 'utf8' });
const major = Number(/^v(\d+)/.exec(version.stdout ?? '')?.[1] ?? 0);
if (major < 22)
  fail(
    `the project's Node at ${runtime} is ${version.stdout?.trim() || 'missing'}, not 24: delete node_modules and run "npm start" again.`,
  );

/** The newest modification time of a file or of anything under a directory. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

// The dashboard the gateway serves at / (and the desktop app loads): build it when it is
// missing or older than its sources (renderer/ or the shared contract it is typed from).
const dashboard = join(root, 'renderer', 'dist', 'index.html');
const dashboardSources = ['src', 'public', 'index.html', 'vite.config.ts'].map((name) =>
  join(root, 'renderer', name),
);
if (
  existsSync(join(root, 'renderer', 'index.html')) &&
  mtime(dashboard) < Math.max(...dashboardSources.map(newest), newest(join(root, 'shared')))
) {
  console.error('switchboard: building the dashboard (renderer/dist)…');
  const build = spawnSync(
    runtime,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      'renderer',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0)
    fail(
      'building the dashboard failed (see above); the gateway needs renderer/dist: fix the error or run "git status" to see what changed.',
    );
}
