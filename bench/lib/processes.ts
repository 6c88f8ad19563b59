/**
 * The processes the bench starts, and their clean-up.
 *
 * Every stop function is registered with `registerStop` and run by `stopAll` (newest first) on the
 * way out, also on error or Ctrl+C. The gateway and the minimal proxy run in their own process
 * groups: each is asked to stop with SIGTERM (the gateway stops its servers, the proxy kills its
 * server), then its group is SIGKILLed. The gateway's servers live in groups of their own; should
 * the gateway have been killed before stopping them, its data-dir registry names them and they are
 * reaped. If the bench exits without running its stops, those groups get SIGKILL. The direct stdio
 * server is the SDK transport's child: its close escalates to SIGKILL, and it exits by itself when
 * its stdin closes.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ChildRegistry } from '../../electron/gateway/upstream/child-registry.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE = process.execPath;
export const EVERYTHING = fileURLToPath(
  import.meta.resolve('@modelcontextprotocol/server-everything/dist/index.js'),
);

// ---------------------------------------------------------------------------------------------
// Clean-up

const stops: Array<() => Promise<void>> = [];
/** Process groups (as negative pids) to SIGKILL if the bench exits with them still running. */
const killOnExit = new Set<number>();
let stopping: Promise<void> | undefined;

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Registers `fn` to run once, either when the returned function is called or in `stopAll`. */
export function registerStop(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const stop = () =>
    (done ??= fn().catch((error: unknown) =>
      console.error(`clean-up: ${(error as Error).message}`),
    ));
  stops.push(stop);
  return stop;
}

/** Runs every registered stop, newest first; concurrent callers share the same run. */
export function stopAll(): Promise<void> {
  return (stopping ??= (async () => {
    for (const stop of stops.reverse()) await stop();
  })());
}

process.on('exit', () => {
  for (const pid of killOnExit) killQuietly(pid, 'SIGKILL');
});

/** Set once the bench got SIGINT or SIGTERM (errors that follow are expected). */
export let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping everything the bench started…`);
    void stopAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Services: a node process in its own group that prints a line when it is ready

type Service = { pid: number; ready: RegExpExecArray; stop: () => Promise<void> };

async function startService(
  name: string,
  args: string[],
  readyLine: RegExp,
  options: { graceMs: number; env?: NodeJS.ProcessEnv; afterExit?: () => void },
): Promise<Service> {
  const child = spawn(NODE, args, {
    cwd: ROOT,
    detached: true, // its own process group, killed as one
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${NODE}`);
  killOnExit.add(-pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = ''; // the tail, for error messages
  const keep = (text: string) => (output = (output + text).slice(-4000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);

  const stop = registerStop(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => killQuietly(-pid, 'SIGKILL'), options.graceMs);
      await exited;
      clearTimeout(timer);
    }
    killQuietly(-pid, 'SIGKILL'); // whatever is left in its group
    killOnExit.delete(-pid);
    options.afterExit?.();
  });

  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const fail = (why: string) =>
      reject(new Error(`${name} ${why}:\n${output.split('\n').slice(-15).join('\n')}`));
    const timer = setTimeout(() => fail('did not start within 30 s'), 30_000);
    void exited.then(() => fail('exited during start'));
    const onData = () => {
      const match = readyLine.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match);
    };
    child.stdout.on('data', onData);
  });
  return { pid, ready, stop };
}

// ---------------------------------------------------------------------------------------------
// The gateway and the minimal proxy

export type Gateway = {
  pid: number;
  url: string;
  /** Headers for every MCP request: the token of the client "bench". */
  headers: Record<string, string>;
  /** Headers of each client asked for in `options.clients`, by name. */
  clientHeaders: Record<string, Record<string, string>>;
  /** Whether its call log holds any entry (admin API `log:query`). */
  hasLoggedCalls: () => Promise<boolean>;
  stop: () => Promise<void>;
};

export type GatewayOptions = {
  /** `callLog: false` turns the call log off (settings `callLog.enabled`), to measure what it costs. */
  callLog?: boolean;
  /** The `mcpServers` to serve (default: one everything server). */
  servers?: Record<string, { command: string; args: string[] }>;
  /** More settings.json sections (profiles, limits, …). */
  settings?: Record<string, unknown>;
  /** More clients, each of a profile, besides "bench" (profile default). */
  clients?: Array<{ name: string; profile: string }>;
};

/**
 * `switchboard serve` with a fresh data dir; waits for its servers.
 * `cpuProf`: run it with --cpu-prof, into that dir ('' = a dir in its work dir, which is then kept).
 */
export async function startGateway(
  cpuProf?: string,
  options: GatewayOptions = {},
): Promise<Gateway> {
  const work = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const dataDir = join(work, 'data');
  const config = join(work, 'servers.json');
  const servers = options.servers ?? { everything: { command: NODE, args: [EVERYTHING] } };
  writeFileSync(config, JSON.stringify({ mcpServers: servers }));
  const flags: string[] = [];
  if (cpuProf !== undefined) {
    const dir = cpuProf || join(work, 'profile');
    mkdirSync(dir, { recursive: true });
    flags.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
    console.log(`gateway CPU profile goes to ${dir}`);
  }
  // The bench fires one tool thousands of times a second on purpose: rate limits that would stop
  // it, but the limiter still runs (its cost is part of the overhead measured).
  const unlimited = { perSecond: 1e9, burst: 1e9 };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      quotas: { rate: { perClient: unlimited, perClientTool: unlimited } },
      ...(options.callLog === false ? { callLog: { enabled: false } } : {}),
      ...options.settings,
    }),
  );
  const token = await addClient(dataDir, 'bench');
  const clientHeaders: Record<string, Record<string, string>> = {};
  for (const { name, profile } of options.clients ?? [])
    clientHeaders[name] = { authorization: `Bearer ${await addClient(dataDir, name, profile)}` };
  const args = ['serve', '--config', config, '--data-dir', dataDir, '--port', '0'];
  const gateway = await startService(
    'gateway',
    [...flags, join(ROOT, 'bin/switchboard.js'), ...args],
    /MCP \(Streamable HTTP\): (http:\/\/\S+?)\/mcp\s/,
    {
      graceMs: 15_000,
      env: { ...process.env, NODE_ENV: 'production' },
      afterExit: () => {
        new ChildRegistry(dataDir).reapOrphans(); // servers of a gateway that did not stop them
        if (cpuProf !== '') rmSync(work, { recursive: true, force: true }); // unless it holds the profile
      },
    },
  );
  const url = gateway.ready[1]!;
  const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  await waitForServers(url, adminToken);
  return {
    pid: gateway.pid,
    url,
    headers: { authorization: `Bearer ${token}` },
    clientHeaders,
    hasLoggedCalls: async () => {
      const response = await fetch(`${url}/api/rpc/log:query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ limit: 1 }),
      });
      const body = (await response.json()) as { value?: { entries: unknown[] } };
      if (!response.ok || !body.value)
        throw new Error(`log:query: HTTP ${response.status} ${JSON.stringify(body)}`);
      return body.value.entries.length > 0;
    },
    stop: gateway.stop,
  };
}

/** `switchboard clients add <name>` on a data dir (before the gateway starts): its token. */
async function addClient(dataDir: string, name: string, profile = 'default'): Promise<string> {
  const args = [join(ROOT, 'bin/switchboard.js'), 'clients', 'add', name];
  args.push('--profile', profile, '--data-dir', dataDir);
  const { stdout } = await promisify(execFile)(NODE, args, { cwd: ROOT });
  const token = /Token \(shown once, store it now\): (\S+)/.exec(stdout)?.[1];
  if (!token) throw new Error(`clients add ${name} printed no token:\n${stdout}`);
  return token;
}

/** Polls the admin API until every server runs, so the first session starts warm. */
async function waitForServers(url: string, token: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/rpc/servers:list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as {
      value?: Array<{ name: string; status: { state: string } }>;
    };
    if (!response.ok || !body.value)
      throw new Error(`servers:list: HTTP ${response.status} ${JSON.stringify(body)}`);
    if (body.value.every((server) => server.status.state === 'running')) return;
    last = JSON.stringify(body.value.map((server) => [server.name, server.status.state]));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the gateway's servers did not come up within 30 s: ${last}`);
}

/** bench/minimal-proxy.ts in front of its own everything server. */
export async function startFloorProxy(): Promise<{
  pid: number;
  url: URL;
  stop: () => Promise<void>;
}> {
  const proxy = await startService(
    'minimal proxy',
    [join(ROOT, 'bench/minimal-proxy.ts'), NODE, EVERYTHING],
    /LISTENING (\d+)/,
    { graceMs: 5_000 },
  );
  return {
    pid: proxy.pid,
    url: new URL(`http://127.0.0.1:${proxy.ready[1]}/mcp`),
    stop: proxy.stop,
  };
}
