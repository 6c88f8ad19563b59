#!/usr/bin/env node
// Launcher. Switchboard's TypeScript runs directly on Node >= 22.18 (type stripping). When a
// client starts this with an older system Node, re-run it under the project's own runtime.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { constants } from 'node:os';
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
  // The IPC channel (fd 3, apart from the stdio a `connect` bridge relays) closes when we die,
  // even by kill -9: the child then stops as on SIGTERM (electron/gateway/cli/parent-watch.ts).
  const child = spawn(runtime, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  // Our own launcher (scripts/start.mjs run on an old Node) is gone: so is our reason to run.
  process.on('disconnect', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`switchboard: cannot run ${runtime}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    // Die of the same signal, so whoever started us sees what the child died of (one Node
    // ignores, such as SIGPIPE, leaves us alive: then the shell's 128 + n).
    for (const name of signals) process.off(name, forward);
    process.kill(process.pid, signal);
    process.exit(128 + constants.signals[signal]);
  });
} else {
  // Type stripping loads Node's TypeScript stripper (amaro: swc built to WebAssembly, a 3.7 MB
  // script plus its wasm memory and code) into every process. With the compile cache, a module
  // seen before comes from disk already stripped and compiled, so a warm start never loads the
  // stripper: measured on the bench's bare gateway, 134 -> 107 MiB RSS, heap 32 -> 25 MiB
  // (bench/tool-search-bench.ts). The cache lives in the OS temp dir; NODE_COMPILE_CACHE moves
  // it and NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  module.enableCompileCache?.();
  // Before the rest is loaded: see that module for why, and the figures.
  const { keepYoungGenerationSmall } = await import('../electron/gateway/young-generation.ts');
  keepYoungGenerationSmall();
  await import('../electron/gateway/cli/main.ts');
}
