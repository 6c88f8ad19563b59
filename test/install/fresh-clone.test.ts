/**
 * The README's promise, tried as a new user would: a fresh copy of the working tree, the
 * machine's own Node and npm (not the project's Node 24), a scratch HOME, no compiler usable
 * (CC/CXX/python point nowhere, so any node-gyp build fails the install), then `npm start`.
 * It must install, print the endpoint and a token, answer an MCP call, and stop cleanly.
 * npm's download cache is the machine's (warm after the first run), so this takes about a minute.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, expect, it } from 'vitest';
import { ROOT } from '../helpers/gateway-harness.ts';
import { descendants, machineEnv, survivors, waitForOutput } from './machine-env.ts';

const FIRST_START_TIMEOUT_MS = 8 * 60_000;
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-fresh-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Tracked and untracked-but-not-ignored files: what a clone of this working tree would hold. */
function copyWorkingTree(to: string): number {
  const listed = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const files = listed.stdout.split('\0').filter(Boolean);
  let copied = 0;
  for (const file of files) {
    const from = join(ROOT, file);
    try {
      if (!statSync(from).isFile()) continue;
    } catch {
      continue; // deleted in the working tree but not yet in the index
    }
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(from, join(to, file));
    copied += 1;
  }
  return copied;
}

it('a fresh clone runs with `npm start` on Node.js and npm alone, and answers MCP', async () => {
  const clone = join(scratch, 'switchboard');
  const home = join(scratch, 'home');
  mkdirSync(home, { recursive: true });
  const files = copyWorkingTree(clone);
  const env = {
    ...machineEnv(home),
    // Any native build would need these; pointing them nowhere makes such a build fail loudly.
    CC: '/bin/false',
    CXX: '/bin/false',
    npm_config_python: join(scratch, 'no-python'),
  };
  const npmVersion = spawnSync('npm', ['--version'], { env, encoding: 'utf8' }).stdout.trim();
  const nodeVersion = spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout.trim();

  const started = Date.now();
  // The README's first command; `--port 0` only so it cannot collide with another gateway here.
  const child = spawn('npm', ['start', '--', '--port', '0'], {
    cwd: clone,
    env,
    detached: true, // its own process group: everything it started is found and stopped below
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let tree = new Map<number, string>();
  try {
    const output = await waitForOutput(child, /Press Ctrl\+C to stop\./, FIRST_START_TIMEOUT_MS);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fresh clone (${files} files) with system Node ${nodeVersion}, npm ${npmVersion}: first \`npm start\` served MCP after ${seconds} s`,
    );
    expect(output).not.toMatch(/gyp (info|ERR)|node-gyp rebuild/);
    expect(output).toMatch(/Switchboard desktop app unavailable/);
    const url = /MCP \(Streamable HTTP\): (http:\/\/\S+\/mcp)/.exec(output)?.[1];
    const token = /Token \(shown once, store it now\): (\S+)/.exec(output)?.[1];
    expect(url, output).toBeDefined();
    expect(token, output).toBeDefined();

    const client = new Client({ name: 'fresh-clone', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url!), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const result = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'hello from a fresh clone' },
    });
    expect(JSON.stringify(result.content)).toContain('hello from a fresh clone');
    await client.close();
    tree = descendants(child.pid!); // npm, the launcher, the gateway and its MCP servers
  } finally {
    process.kill(-child.pid!, 'SIGINT'); // Ctrl+C in the terminal that ran `npm start`
    await exited;
  }
  expect(tree.size).toBeGreaterThanOrEqual(3);
  expect(await survivors(tree, 5_000)).toEqual([]);
});
