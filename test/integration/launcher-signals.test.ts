/**
 * bin/switchboard.js under an old system Node (< 22.18) re-runs itself under the project's Node.
 * A signal, or a kill -9, to that launcher must take the gateway and every server under it along.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerSummary } from '../../shared/server-status.ts';
import type { Exit } from '../helpers/cli-process.ts';
import { NODE, ROOT } from '../helpers/gateway-harness.ts';
import { eventually, isAlive } from '../fixtures/probe.ts';

const BIN = join(ROOT, 'bin/switchboard.js');

/** The first `node` on PATH outside node_modules that is older than 22.18 (what makes it re-run). */
function findOldNode(): { path: string; version: string } | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, 'node');
    if (!dir || dir.includes('node_modules') || !existsSync(path)) continue;
    try {
      const version = execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
      const [major = 0, minor = 0] = version.split('.').map(Number);
      if (major < 22 || (major === 22 && minor < 18)) return { path, version: version.trim() };
    } catch {
      // Not a runnable node: look further.
    }
  }
  return undefined;
}
const oldNode = findOldNode();

/** Every process below `root`, by parent pid (servers run in their own process groups). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone while we looked.
    }
  }
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0;) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '?';
  }
}

/** Polls (no event tells of a non-child's exit) for up to 5 s; what is still alive then. */
async function survivors(pids: number[]): Promise<string[]> {
  const deadline = Date.now() + 5000;
  while (pids.some(isAlive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return pids.filter(isAlive).map((pid) => `${pid}: ${commandLine(pid)}`);
}

type Launched = {
  child: ChildProcess;
  exited: Promise<Exit>;
  /** Once the launcher exited and nothing holds its stdout any more (the gateway is gone too). */
  closed: Promise<void>;
  output: () => string;
};

let dir: string;
const launched: Launched[] = [];
const seen = new Set<number>();
const openFds: number[] = [];

function launch(args: string[], stdin: number | 'ignore' = 'ignore'): Launched {
  const child = spawn(oldNode!.path, [BIN, ...args], { stdio: [stdin, 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text));
  const run: Launched = {
    child,
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    ),
    closed: new Promise((resolve) => child.once('close', () => resolve())),
    output: () => output,
  };
  launched.push(run);
  return run;
}

/** The whole tree under the launcher, remembered for the cleanup should the test fail. */
function snapshot(run: Launched): number[] {
  const pids = [run.child.pid!, ...descendants(run.child.pid!)];
  for (const pid of pids) seen.add(pid);
  return pids;
}

function writeConfig(): string {
  const entry = (pkg: string) => fileURLToPath(import.meta.resolve(`${pkg}/dist/index.js`));
  const file = join(dir, 'mcp.json');
  const mcpServers = {
    memory: { command: NODE, args: [entry('@modelcontextprotocol/server-memory')] },
    everything: { command: NODE, args: [entry('@modelcontextprotocol/server-everything')] },
    // A wrapper that does not exec, as npx does: the server is a grandchild of the gateway.
    wrapped: {
      command: '/bin/sh',
      args: ['-c', '"$0" "$1"; exit $?', NODE, entry('@modelcontextprotocol/server-memory')],
    },
  };
  writeFileSync(file, JSON.stringify({ mcpServers }));
  return file;
}

/** `serve` under the old Node, once every server runs (asked of the admin API: no event for it). */
async function launchServe(dataDir: string): Promise<Launched> {
  const run = launch(['serve', '--config', writeConfig(), '--data-dir', dataDir, '--port', '0']);
  const url = await new Promise<string>((resolve, reject) => {
    run.child.stdout!.on('data', () => {
      const match = /MCP \(Streamable HTTP\): (\S+)\/mcp\n[^]*Press Ctrl\+C to stop\./.exec(
        run.output(),
      );
      if (match) resolve(match[1]!);
    });
    void run.exited.then((exit) =>
      reject(
        new Error(`serve ended (${JSON.stringify(exit)}) before it was ready:\n${run.output()}`),
      ),
    );
  });
  const headers = {
    authorization: `Bearer ${readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()}`,
  };
  await eventually(async () => {
    const response = await fetch(`${url}/api/rpc/servers:list`, { method: 'POST', headers });
    const { value } = (await response.json()) as { value: ServerSummary[] };
    expect(value.map((server) => server.status.state)).toEqual(['running', 'running', 'running']);
  });
  return run;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-launcher-'));
});
afterEach(() => {
  // Only what this file started, by pid: launchers, then whatever was ever seen below them.
  for (const run of launched.splice(0)) {
    if (isAlive(run.child.pid!)) snapshot(run);
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  }
  for (const pid of seen) {
    try {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // Exited meanwhile.
    }
  }
  seen.clear();
  for (const fd of openFds.splice(0)) closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!oldNode)(
  oldNode
    ? `the launcher under Node ${oldNode.version} (${oldNode.path})`
    : 'the launcher under an old Node: skipped, no Node older than 22.18 on PATH outside node_modules',
  () => {
    it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
      'serve: %s to the launcher stops the gateway and every server in order, exiting 0',
      async (signal) => {
        const dataDir = join(dir, 'data');
        const run = await launchServe(dataDir);
        const tree = snapshot(run);
        // Launcher, gateway, three servers and the wrapped server's node.
        expect(tree.length, tree.map(commandLine).join('\n')).toBeGreaterThanOrEqual(6);

        process.kill(run.child.pid!, signal);
        expect(await survivors(tree), `alive 5 s after ${signal}`).toEqual([]);
        expect(await run.exited).toEqual({ code: 0, signal: null });
        await run.closed;
        expect(run.output()).toContain(`${signal}: stopping servers`);
        expect(existsSync(join(dataDir, 'gateway.json'))).toBe(false);
      },
    );

    it('serve: a kill -9 of the launcher still stops the gateway and every server in order', async () => {
      const dataDir = join(dir, 'data');
      const run = await launchServe(dataDir);
      const tree = snapshot(run);
      expect(tree.length, tree.map(commandLine).join('\n')).toBeGreaterThanOrEqual(6);

      process.kill(run.child.pid!, 'SIGKILL');
      expect(await survivors(tree), 'alive 5 s after SIGKILL').toEqual([]);
      expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await run.closed;
      // The gateway took its SIGTERM path: servers stopped, gateway.json removed.
      expect(run.output()).toContain('the launcher is gone; stopping as on SIGTERM');
      expect(run.output()).toContain('SIGTERM: stopping servers');
      expect(existsSync(join(dataDir, 'gateway.json'))).toBe(false);
    });

    it.each(['SIGTERM', 'SIGKILL'] as const)(
      'connect: stdio passes through the launcher, and %s to it ends the bridge',
      async (signal) => {
        // The bridge's stdin stays open whatever becomes of the launcher, as a client keeps it
        // (a pipe of ours would be closed when the launcher exits, ending the bridge anyway).
        const fifo = join(dir, 'stdin');
        execFileSync('mkfifo', [fifo]);
        const stdin = openSync(fifo, 'r+');
        openFds.push(stdin);
        const run = launch(['connect', '--url', 'http://127.0.0.1:1/mcp', '--token', 'x'], stdin);
        // A request through the launcher's stdin, answered on its stdout by the bridge.
        const initialize = {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-11-25',
            capabilities: {},
            clientInfo: { name: 'launcher-test', version: '1' },
          },
        };
        writeSync(stdin, `${JSON.stringify(initialize)}\n`);
        const answer = await new Promise<string>((resolve, reject) => {
          run.child.stdout!.on('data', () => {
            const line = run
              .output()
              .split('\n')
              .find((text) => text.startsWith('{'));
            if (line) resolve(line);
          });
          void run.exited.then(() => reject(new Error(`connect ended early:\n${run.output()}`)));
        });
        expect(JSON.parse(answer)).toMatchObject({ id: 1, error: { code: -32603 } });
        const tree = snapshot(run);
        expect(tree.length, tree.map(commandLine).join('\n')).toBeGreaterThanOrEqual(2);

        process.kill(run.child.pid!, signal);
        expect(await survivors(tree), `alive 5 s after ${signal}`).toEqual([]);
        // Connect has no handler of its own: it dies of SIGTERM, which the launcher passes on.
        expect(await run.exited).toEqual({ code: null, signal });
      },
    );
  },
);
