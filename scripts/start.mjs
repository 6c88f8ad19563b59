// `npm start`: the desktop app where Electron can run, else the headless gateway — and says which.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the path of its binary, and throws when it was never downloaded.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path)
      ? { path }
      : { reason: 'the Electron binary is not installed' };
  } catch (error) {
    return { reason: `the Electron binary is not installed (${error.message.split('\n')[0]})` };
  }
}

/**
 * The install skips Electron's binary (it comes from outside the npm registry, and the headless
 * gateway does not need it): fetch it the first time a desktop is there to show it.
 */
function downloadElectron() {
  console.log('Downloading the Electron binary for the desktop app (once)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const download = spawnSync(process.execPath, ['node_modules/electron/install.js'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env,
    timeout: 10 * 60_000,
  });
  if (download.status === 0) return electronBinary();
  // Its error comes with a stack trace: the first line says enough.
  const why = (download.stderr ?? '').trim().split('\n')[0] || `exit ${download.status}`;
  return { reason: `the Electron binary could not be downloaded (${why})` };
}

const desktop =
  process.platform === 'linux' ? Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) : true;
let electron = electronBinary();
if (!electron.path && desktop && existsSync('node_modules/electron/install.js'))
  electron = downloadElectron();
/** Electron runs compiled JavaScript: main and preload go to dist/ first (package.json "main"). */
function compileDesktop() {
  if (!existsSync('electron/main/main.ts')) return 'the desktop shell is missing';
  const build = spawnSync(process.execPath, ['scripts/build-desktop.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) return 'the desktop shell did not compile (see above)';
  if (!existsSync('renderer/dist/index.html'))
    console.log(
      'Note: the dashboard is not built yet (vite build renderer); the tray works without it.',
    );
  return undefined;
}

let child;
const notCompiled = electron.path && desktop ? compileDesktop() : undefined;
if (electron.path && desktop && !notCompiled) {
  console.log('Starting the Switchboard desktop app…');
  child = spawn(electron.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
} else {
  const why = notCompiled ?? electron.reason ?? 'no graphical display is available';
  console.log(`Switchboard desktop app unavailable: ${why}.`);
  console.log('Starting the headless gateway instead (switchboard serve).\n');
  // The IPC channel closes when we die, even by kill -9: the gateway then stops as on SIGTERM.
  child = spawn(process.execPath, ['bin/switchboard.js', 'serve', ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
