/**
 * `npm start` on a machine where the install fails for a reason of its own (no network, a
 * registry error): it must end with one line naming what failed and what to do, not a stack
 * trace. A copy of the manifest, the lock file and scripts/ is enough to reach the install; npm
 * gets an empty cache and no retries, so it has to ask the (broken) registry and fails at once.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { ROOT } from '../helpers/gateway-harness.ts';
import { machineEnv } from './machine-env.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-install-failure-'));
let registry: Server | undefined;
afterEach(() => registry?.close());
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** `npm start` in a minimal copy of the project against the given registry URL. */
async function startAgainst(registryUrl: string, name: string) {
  const copy = join(scratch, name);
  for (const path of ['package.json', 'package-lock.json', '.npmrc', 'scripts'])
    cpSync(join(ROOT, path), join(copy, path), { recursive: true });
  const home = join(copy, 'home');
  mkdirSync(home);
  const env = {
    ...machineEnv(home),
    npm_config_registry: registryUrl,
    npm_config_cache: join(copy, 'empty-npm-cache'),
    npm_config_prefer_offline: 'false',
    npm_config_fetch_retries: '0',
  };
  const child = spawn('npm', ['start'], { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const lines = stderr.trim().split('\n');
  return { code, last: lines.at(-1) ?? '', all: stdout + stderr };
}

function expectOneClearLine(result: { code: number | null; last: string; all: string }) {
  expect(result.code, result.all).not.toBe(0);
  expect(result.last, result.all).toMatch(/^switchboard: installing dependencies failed: /);
  expect(result.last).toMatch(/then run "npm start" again\.$/);
  expect(result.all).not.toMatch(/\bat .+:\d+:\d+\)?$/m); // no stack trace, not even npm's
  expect(result.all).toMatch(/npm's own output is in \S+switchboard-install-\d+\.log/);
}

it('says the registry could not be reached when there is no network', async () => {
  const closed = createServer();
  const port = await listen(closed);
  await new Promise((resolve) => closed.close(resolve)); // nothing listens there now
  const result = await startAgainst(`http://127.0.0.1:${port}/`, 'offline');
  expectOneClearLine(result);
  expect(result.last).toContain(`could not be reached (ECONNREFUSED at http://127.0.0.1:${port})`);
});

it('names the HTTP status when the registry answers with an error', async () => {
  registry = createServer((_request, response) => {
    response.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
  });
  const port = await listen(registry);
  const result = await startAgainst(`http://127.0.0.1:${port}/`, 'registry-error');
  expectOneClearLine(result);
  expect(result.last).toMatch(
    /the npm registry answered with an error \(HTTP 503 \(http:\/\/127\.0\.0\.1:\d+\/\S+\)\)/,
  );
});
