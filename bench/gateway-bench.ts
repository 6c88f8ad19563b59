/**
 * Gateway overhead benchmark: server-everything's `echo` tool, called
 *   - directly over stdio (SDK Client + StdioClientTransport): the baseline;
 *   - through the gateway, run as a separate `switchboard serve` process (so its CPU can be read
 *     from /proc/<pid>/stat), downstream Streamable HTTP, upstream stdio:
 *       raw-http /mcp            lean node:http client, aggregated endpoint (`everything__echo`)
 *       raw-http passthrough     lean node:http client, `/mcp/servers/everything` (`echo`)
 *       sdk-http /mcp            SDK Client + StreamableHTTPClientTransport, for reference
 *   - and, for reference, through bench/minimal-proxy.ts (a bare HTTP -> stdio pipe with the same
 *     process layout, no validation or routing): the floor any such proxy pays on this machine;
 * at 1 and 16 calls in flight, after a warm-up, with a fixed number of calls per run.
 *
 *   node bench/gateway-bench.ts [--calls1=2000] [--calls16=4000] [--warmup=600]
 *                               [--modes=direct,floor,raw-aggregate,raw-passthrough,sdk-aggregate]
 *                               [--cpu-prof[=<dir>]]   (gateway runs with node --cpu-prof)
 *
 * Every process it starts (the gateway, the direct server, and the servers the gateway starts)
 * is stopped on the way out, also on error or Ctrl+C. The last line printed is a JSON summary.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE = process.execPath;
const EVERYTHING = fileURLToPath(
  import.meta.resolve('@modelcontextprotocol/server-everything/dist/index.js'),
);
const MESSAGE = 'hello from the bench';
const EXPECTED = `Echo: ${MESSAGE}`;

const TARGETS = { gatewayCpuMsPerCall: 0.5, p50RatioAt1: 3 };

// ---------------------------------------------------------------------------------------------
// Options

type ModeName = 'direct' | 'floor' | 'raw-aggregate' | 'raw-passthrough' | 'sdk-aggregate';
const ALL_MODES: ModeName[] = [
  'direct',
  'floor',
  'raw-aggregate',
  'raw-passthrough',
  'sdk-aggregate',
];
const MODE_LABEL: Record<ModeName, string> = {
  direct: 'direct stdio (SDK)',
  floor: 'floor: minimal proxy raw-http',
  'raw-aggregate': 'gateway raw-http /mcp',
  'raw-passthrough': 'gateway raw-http passthrough',
  'sdk-aggregate': 'gateway sdk-http /mcp',
};

function option(name: string): string | undefined {
  const prefix = `--${name}`;
  for (const arg of process.argv.slice(2)) {
    if (arg === prefix) return '';
    if (arg.startsWith(`${prefix}=`)) return arg.slice(prefix.length + 1);
  }
  return undefined;
}

function intOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

const CALLS: Record<number, number> = {
  1: intOption('calls1', 2000),
  16: intOption('calls16', 4000),
};
const WARMUP = intOption('warmup', 600);
const IN_FLIGHT = [1, 16];
const MODES: ModeName[] = (() => {
  const raw = option('modes');
  if (!raw) return ALL_MODES;
  const picked = raw.split(',').map((m) => m.trim()) as ModeName[];
  for (const mode of picked)
    if (!ALL_MODES.includes(mode))
      throw new Error(`unknown mode "${mode}" (${ALL_MODES.join(', ')})`);
  return picked;
})();
const CPU_PROF = option('cpu-prof');

// ---------------------------------------------------------------------------------------------
// Process bookkeeping: everything started here is stopped on the way out.

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
/** Pids to SIGKILL synchronously if the bench exits without running its cleanups; negative = group. */
const lastResortPids = new Set<number>();
/** Every process the bench (or a process it started) is known to have started: pid -> start time. */
const everStarted = new Map<number, string>();

function track(pid: number, started?: string): void {
  const time = started ?? startTime(pid);
  if (time) everStarted.set(pid, time);
}

/** After the cleanups: any tracked process still alive is killed and reported. */
function verifyAllStopped(): number {
  let survivors = 0;
  for (const [pid, started] of everStarted) {
    if (startTime(pid) !== started) continue;
    const state = statFields(pid)?.[0];
    if (state === 'Z') continue; // exited, waiting to be reaped by its parent
    survivors += 1;
    console.error(`cleanup: process ${pid} was still running; killing it`);
    killQuietly(-pid, 'SIGKILL');
    killQuietly(pid, 'SIGKILL');
  }
  return survivors;
}

let cleaning: Promise<void> | undefined;

/** Runs every registered cleanup once, newest first; concurrent callers share the same run. */
function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop()!;
      await cleanup().catch((error: unknown) =>
        console.error(`cleanup: ${(error as Error).message}`),
      );
    }
  })();
  return cleaning;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const pid of lastResortPids) killQuietly(pid, 'SIGKILL');
});

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping everything the bench started…`);
    void runCleanups().finally(() => finish(130));
  });
}

// ---------------------------------------------------------------------------------------------
// /proc readers

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/<pid>/stat after the command name: index 0 is field 3 (state). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of one process, in ms; undefined when it is gone. */
function cpuMs(pid: number): number | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function startTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

function childrenOf(pid: number): number[] {
  const pids: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) pids.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return pids;
}

/** CPU of a set of processes over a window; a process that disappears in the window is left out. */
class CpuWindow {
  readonly #start = new Map<number, number>();
  constructor(pids: number[]) {
    for (const pid of pids) {
      const ms = cpuMs(pid);
      if (ms !== undefined) this.#start.set(pid, ms);
    }
  }
  stop(): number {
    let total = 0;
    for (const [pid, before] of this.#start) {
      const after = cpuMs(pid);
      if (after !== undefined) total += after - before;
    }
    return total;
  }
}

// ---------------------------------------------------------------------------------------------
// Load generation and statistics

type Caller = {
  label: string;
  call: () => Promise<void>;
  close: () => Promise<void>;
  serverPids: () => number[];
};

type Row = {
  mode: ModeName;
  label: string;
  inFlight: number;
  calls: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  callsPerSec: number;
  gatewayCpuMsPerCall: number | null;
  serverCpuMsPerCall: number | null;
  clientCpuMsPerCall: number;
  p50Ratio?: number;
  throughputRatio?: number;
};

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs `total` calls with `inFlight` callers in a closed loop; returns per-call latencies (ms) and wall time. */
async function drive(
  call: () => Promise<void>,
  total: number,
  inFlight: number,
): Promise<{ latencies: Float64Array; wallMs: number }> {
  const latencies = new Float64Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      await call();
      latencies[index] = performance.now() - t0;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return { latencies, wallMs: performance.now() - t0 };
}

async function measure(
  mode: ModeName,
  caller: Caller,
  gatewayPid: number | undefined,
): Promise<Row[]> {
  // Warm-up: JIT, connection pools, and (per-session isolation) the session's own server process.
  await drive(caller.call, Math.ceil(WARMUP / 3), 1);
  await drive(caller.call, WARMUP, 16);
  const rows: Row[] = [];
  for (const inFlight of IN_FLIGHT) {
    const calls = CALLS[inFlight]!;
    const gateway = gatewayPid !== undefined ? new CpuWindow([gatewayPid]) : undefined;
    const servers = new CpuWindow(caller.serverPids());
    const client0 = process.cpuUsage();
    const { latencies, wallMs } = await drive(caller.call, calls, inFlight);
    const client = process.cpuUsage(client0);
    const gatewayMs = gateway?.stop();
    const serverMs = servers.stop();
    const sorted = latencies.sort();
    let sum = 0;
    for (const value of sorted) sum += value;
    rows.push({
      mode,
      label: caller.label,
      inFlight,
      calls,
      p50Ms: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      meanMs: sum / calls,
      callsPerSec: (calls * 1000) / wallMs,
      gatewayCpuMsPerCall: gatewayMs === undefined ? null : gatewayMs / calls,
      serverCpuMsPerCall: serverMs / calls,
      clientCpuMsPerCall: (client.user + client.system) / 1000 / calls,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Callers

function checkEchoResult(result: unknown): void {
  const text = (result as { content?: Array<{ text?: unknown }> } | undefined)?.content?.[0]?.text;
  if (text !== EXPECTED)
    throw new Error(`unexpected echo result: ${JSON.stringify(result).slice(0, 300)}`);
}

async function directCaller(): Promise<Caller> {
  const transport = new StdioClientTransport({ command: NODE, args: [EVERYTHING], stderr: 'pipe' });
  transport.stderr?.on('data', () => {});
  const client = new Client({ name: 'switchboard-bench', version: '1.0.0' }, { capabilities: {} });
  let pid: number | null = null;
  const close = async () => {
    await client.close().catch(() => {});
    if (pid !== null) {
      killQuietly(pid, 'SIGKILL');
      lastResortPids.delete(pid);
    }
  };
  cleanups.push(close);
  await client.connect(transport);
  pid = transport.pid;
  if (pid !== null) {
    lastResortPids.add(pid);
    track(pid);
  }
  return {
    label: MODE_LABEL.direct,
    call: async () =>
      checkEchoResult(await client.callTool({ name: 'echo', arguments: { message: MESSAGE } })),
    close,
    serverPids: () => (pid !== null ? [pid] : []),
  };
}

type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * A deliberately lean Streamable HTTP client: one keep-alive agent, raw JSON-RPC POSTs,
 * plain-JSON answers parsed directly (an SSE answer is handled too, should the gateway choose one).
 */
class RawMcpClient {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  readonly #url: URL;
  #headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  #nextId = 1;
  sessionId: string | undefined;

  constructor(url: URL) {
    this.#url = url;
  }

  #request(method: 'POST' | 'DELETE', body?: string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.#agent,
          host: this.#url.hostname,
          port: this.#url.port,
          path: this.#url.pathname,
          method,
          headers:
            body === undefined
              ? this.#headers
              : { ...this.#headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** One JSON-RPC request; returns its result or throws its error. */
  async rpc(method: string, params: unknown): Promise<unknown> {
    const id = this.#nextId++;
    const answer = await this.#request(
      'POST',
      JSON.stringify({ jsonrpc: '2.0', id, method, params }),
    );
    if (answer.status !== 200)
      throw new Error(`${method}: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
    const message = responseFor(answer, id);
    if (message.error)
      throw new Error(`${method}: JSON-RPC error ${JSON.stringify(message.error)}`);
    return message.result;
  }

  async notify(method: string): Promise<void> {
    const answer = await this.#request('POST', JSON.stringify({ jsonrpc: '2.0', method }));
    if (answer.status !== 202)
      throw new Error(`${method}: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
  }

  async initialize(): Promise<void> {
    const id = this.#nextId++;
    const answer = await this.#request(
      'POST',
      JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'initialize',
        params: {
          protocolVersion: LATEST_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'switchboard-bench-raw', version: '1.0.0' },
        },
      }),
    );
    if (answer.status !== 200)
      throw new Error(`initialize: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
    const sessionId = answer.headers['mcp-session-id'];
    if (typeof sessionId !== 'string') throw new Error('initialize: no Mcp-Session-Id header');
    const result = responseFor(answer, id).result as { protocolVersion?: string } | undefined;
    this.sessionId = sessionId;
    this.#headers = {
      ...this.#headers,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': result?.protocolVersion ?? LATEST_PROTOCOL_VERSION,
    };
    await this.notify('notifications/initialized');
  }

  async close(): Promise<void> {
    if (this.sessionId !== undefined) {
      this.sessionId = undefined;
      await this.#request('DELETE').catch(() => {});
    }
    this.#agent.destroy();
  }
}

type RpcMessage = { id?: unknown; result?: unknown; error?: unknown };

function responseFor(answer: HttpAnswer, id: number): RpcMessage {
  const type = answer.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    const message = JSON.parse(answer.body) as RpcMessage;
    if (message.id !== id) throw new Error(`answer for id ${String(message.id)}, expected ${id}`);
    return message;
  }
  if (type.startsWith('text/event-stream')) {
    for (const event of answer.body.split(/\n\n/)) {
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (!data) continue;
      const message = JSON.parse(data) as RpcMessage;
      if (message.id === id && ('result' in message || 'error' in message)) return message;
    }
    throw new Error(`no answer for id ${id} in the event stream`);
  }
  throw new Error(`unexpected content-type "${type}"`);
}

async function rawCaller(
  mode: ModeName,
  url: URL,
  tool: string,
  gatewayPid: number,
): Promise<Caller> {
  const client = new RawMcpClient(url);
  const close = () => client.close();
  cleanups.push(close);
  await client.initialize();
  return {
    label: MODE_LABEL[mode],
    call: async () =>
      checkEchoResult(
        await client.rpc('tools/call', { name: tool, arguments: { message: MESSAGE } }),
      ),
    close,
    serverPids: () => childrenOf(gatewayPid),
  };
}

async function sdkCaller(
  mode: ModeName,
  url: URL,
  tool: string,
  gatewayPid: number,
): Promise<Caller> {
  const transport = new StreamableHTTPClientTransport(url);
  const client = new Client(
    { name: 'switchboard-bench-sdk', version: '1.0.0' },
    { capabilities: {} },
  );
  const close = async () => {
    await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
  };
  cleanups.push(close);
  await client.connect(transport);
  return {
    label: MODE_LABEL[mode],
    call: async () =>
      checkEchoResult(await client.callTool({ name: tool, arguments: { message: MESSAGE } })),
    close,
    serverPids: () => childrenOf(gatewayPid),
  };
}

// ---------------------------------------------------------------------------------------------
// The gateway process

type GatewayProcess = { pid: number; url: string; dataDir: string; stop: () => Promise<void> };

function tail(lines: string[]): string {
  return lines.join('').split('\n').slice(-15).join('\n');
}

/** Kills the process groups of servers the gateway registered and that are still alive. */
function reapRegisteredChildren(dataDir: string, seen: Map<number, string>): void {
  const runDir = join(dataDir, 'run');
  if (existsSync(runDir)) {
    for (const name of readdirSync(runDir)) {
      try {
        const entries = JSON.parse(readFileSync(join(runDir, name), 'utf8')) as Array<{
          pid: number;
          startTime: string;
        }>;
        for (const entry of entries) {
          seen.set(entry.pid, entry.startTime);
          track(entry.pid, entry.startTime);
        }
      } catch {
        // half-written or not ours
      }
    }
  }
  for (const [pid, started] of seen) {
    if (startTime(pid) === started) {
      killQuietly(-pid, 'SIGKILL');
      killQuietly(pid, 'SIGKILL');
    }
  }
}

async function startGateway(): Promise<GatewayProcess> {
  const work = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const dataDir = join(work, 'data');
  const configFile = join(work, 'servers.json');
  writeFileSync(
    configFile,
    JSON.stringify({ mcpServers: { everything: { command: NODE, args: [EVERYTHING] } } }),
  );
  const nodeFlags: string[] = [];
  if (CPU_PROF !== undefined) {
    const dir = CPU_PROF || join(work, 'profile');
    mkdirSync(dir, { recursive: true });
    nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
    console.log(`gateway CPU profile goes to ${dir}`);
  }
  const child: ChildProcess = spawn(
    NODE,
    [
      ...nodeFlags,
      join(ROOT, 'bin/switchboard.js'),
      'serve',
      '--config',
      configFile,
      '--data-dir',
      dataDir,
      '--port',
      '0',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const pid = child.pid!;
  lastResortPids.add(pid);
  track(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  /** Server pids (with start times) seen under the gateway, for the last-resort reaping. */
  const seen = new Map<number, string>();
  const output: string[] = [];
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => output.push(text));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const server of childrenOf(pid)) {
      const started = startTime(server);
      if (started) {
        seen.set(server, started);
        track(server, started);
      }
    }
    if (running) {
      child.kill('SIGTERM'); // the gateway stops its servers in order, then exits
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    reapRegisteredChildren(dataDir, seen);
    lastResortPids.delete(pid);
    for (const server of seen.keys()) lastResortPids.delete(-server);
    if (CPU_PROF === undefined) rmSync(work, { recursive: true, force: true });
  };
  cleanups.push(stop);

  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`gateway did not start within 30 s:\n${tail(output)}`)),
      30_000,
    );
    child.stdout!.on('data', (text: string) => {
      output.push(text);
      buffered += text;
      const match = /MCP \(Streamable HTTP\): (http:\/\/\S+?)\/mcp\s/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`gateway exited during start:\n${tail(output)}`));
    });
  });
  // Keep a record of the servers it starts (for the last-resort kill if the bench itself dies).
  const watch = setInterval(() => {
    for (const server of childrenOf(pid)) {
      if (seen.has(server)) continue;
      const started = startTime(server);
      if (started) {
        seen.set(server, started);
        track(server, started);
      }
      lastResortPids.add(-server);
    }
  }, 250);
  watch.unref();
  cleanups.push(async () => clearInterval(watch));
  return { pid, url, dataDir, stop };
}

/** bench/minimal-proxy.ts as its own process, in front of its own everything server. */
async function startFloorProxy(): Promise<{ pid: number; url: URL; stop: () => Promise<void> }> {
  const child = spawn(NODE, [join(ROOT, 'bench/minimal-proxy.ts'), NODE, EVERYTHING], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  lastResortPids.add(pid);
  track(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const output: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (text: string) => output.push(text));
  const servers = new Set<number>();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const server of childrenOf(pid)) {
      servers.add(server);
      track(server);
    }
    if (running) {
      child.kill('SIGTERM'); // the proxy SIGKILLs its server, then exits
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    for (const server of servers) {
      killQuietly(server, 'SIGKILL');
      lastResortPids.delete(server);
    }
    lastResortPids.delete(pid);
  };
  cleanups.push(stop);
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`minimal proxy did not start within 30 s:\n${tail(output)}`)),
      30_000,
    );
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const match = /LISTENING (\d+)/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`minimal proxy exited during start:\n${tail(output)}`));
    });
  });
  for (const server of childrenOf(pid)) {
    servers.add(server);
    track(server);
    lastResortPids.add(server);
  }
  return { pid, url: new URL(`http://127.0.0.1:${port}/mcp`), stop };
}

/** Waits until the gateway reports its server running (admin API), so the first session starts warm. */
async function waitForServers(gateway: GatewayProcess): Promise<void> {
  const token = readFileSync(join(gateway.dataDir, 'admin-token'), 'utf8').trim();
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(`${gateway.url}/api/servers`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as {
      servers?: Array<{ name: string; status: { state: string } }>;
    };
    if (!response.ok || !body.servers)
      throw new Error(
        `GET /api/servers: HTTP ${response.status} ${JSON.stringify(body).slice(0, 300)}`,
      );
    const servers = body.servers;
    last = JSON.stringify(servers.map((server) => [server.name, server.status.state]));
    if (servers.every((server) => server.status.state === 'running')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the gateway's servers did not come up within 30 s: ${last}`);
}

// ---------------------------------------------------------------------------------------------
// Report

function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return value.toFixed(digits);
}

function printTable(rows: Row[]): void {
  const header = [
    'mode',
    'in-flight',
    'calls',
    'p50 ms',
    'p99 ms',
    'calls/s',
    'gw CPU ms/call',
    'server CPU ms/call',
    'bench CPU ms/call',
    'p50 × direct',
    'calls/s × direct',
  ];
  const body = rows.map((row) => [
    row.label,
    String(row.inFlight),
    String(row.calls),
    fmt(row.p50Ms),
    fmt(row.p99Ms),
    fmt(row.callsPerSec, 0),
    fmt(row.gatewayCpuMsPerCall),
    fmt(row.serverCpuMsPerCall),
    fmt(row.clientCpuMsPerCall),
    row.p50Ratio === undefined ? '-' : `${fmt(row.p50Ratio, 2)}×`,
    row.throughputRatio === undefined ? '-' : `${fmt(row.throughputRatio, 2)}×`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of body) console.log(line(cells));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Switchboard gateway bench — node ${process.version}, ${availableParallelism()} CPUs, CLK_TCK ${CLK_TCK}; ` +
      `warm-up ${WARMUP} calls, then ${CALLS[1]} calls at 1 in flight and ${CALLS[16]} at 16; tool: echo`,
  );
  const rows: Row[] = [];
  const run = async (mode: ModeName, make: () => Promise<Caller>, gatewayPid?: number) => {
    process.stdout.write(`  ${MODE_LABEL[mode]} … `);
    const caller = await make();
    const t0 = performance.now();
    rows.push(...(await measure(mode, caller, gatewayPid)));
    await caller.close();
    const index = cleanups.indexOf(caller.close);
    if (index >= 0) cleanups.splice(index, 1);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };

  if (MODES.includes('direct')) await run('direct', directCaller);

  if (MODES.includes('floor')) {
    const proxy = await startFloorProxy();
    await run('floor', () => rawCaller('floor', proxy.url, 'echo', proxy.pid), proxy.pid);
    await proxy.stop();
  }

  const gatewayModes = MODES.filter((mode) => mode !== 'direct' && mode !== 'floor');
  if (gatewayModes.length > 0) {
    const gateway = await startGateway();
    const mcp = new URL(`${gateway.url}/mcp`);
    await waitForServers(gateway);
    for (const mode of gatewayModes) {
      if (mode === 'raw-aggregate')
        await run(mode, () => rawCaller(mode, mcp, 'everything__echo', gateway.pid), gateway.pid);
      if (mode === 'raw-passthrough')
        await run(
          mode,
          () => rawCaller(mode, new URL(`${mcp.href}/servers/everything`), 'echo', gateway.pid),
          gateway.pid,
        );
      if (mode === 'sdk-aggregate')
        await run(mode, () => sdkCaller(mode, mcp, 'everything__echo', gateway.pid), gateway.pid);
    }
    await gateway.stop();
  }

  const direct = new Map(
    rows.filter((row) => row.mode === 'direct').map((row) => [row.inFlight, row]),
  );
  for (const row of rows) {
    const base = direct.get(row.inFlight);
    if (!base || row.mode === 'direct') continue;
    row.p50Ratio = row.p50Ms / base.p50Ms;
    row.throughputRatio = row.callsPerSec / base.callsPerSec;
  }

  console.log('');
  printTable(rows);
  console.log('');
  console.log(
    'gw CPU = gateway (or floor proxy) process utime+stime over the measured window / calls; server CPU = the everything server process(es);',
  );
  console.log(
    'bench CPU = this process (client side). Ratios are against direct stdio at the same in-flight count.',
  );

  // Targets are judged on the lean raw-HTTP client (the SDK client rows are for reference).
  const judged = rows.filter(
    (row) => row.mode === 'raw-aggregate' || row.mode === 'raw-passthrough',
  );
  const checks = [
    ...judged.map((row) => ({
      target: `gateway CPU ≤ ${TARGETS.gatewayCpuMsPerCall} ms/call`,
      row,
      value: row.gatewayCpuMsPerCall ?? NaN,
      met: (row.gatewayCpuMsPerCall ?? Infinity) <= TARGETS.gatewayCpuMsPerCall,
    })),
    ...judged
      .filter((row) => row.inFlight === 1 && row.p50Ratio !== undefined)
      .map((row) => ({
        target: `p50 at 1 in flight ≤ ${TARGETS.p50RatioAt1}× direct stdio`,
        row,
        value: row.p50Ratio!,
        met: row.p50Ratio! <= TARGETS.p50RatioAt1,
      })),
  ];
  console.log('');
  console.log('Targets (raw-HTTP client rows):');
  for (const check of checks) {
    console.log(
      `  ${check.met ? 'MET   ' : 'MISSED'}  ${check.target.padEnd(38)} ${check.row.label} @${check.row.inFlight}: ${fmt(check.value, 3)}`,
    );
  }
  const allMet = checks.length > 0 && checks.every((check) => check.met);
  console.log(
    `  => ${checks.length === 0 ? 'not judged (no raw-HTTP gateway rows)' : allMet ? 'all targets met' : 'targets missed'}`,
  );
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await runCleanups();
  const leftovers = verifyAllStopped();
  if (leftovers > 0) process.exitCode = 1;
  console.log(
    `cleanup: ${everStarted.size} processes seen, ${leftovers === 0 ? 'all stopped' : `${leftovers} had to be killed`}`,
  );

  const round = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Math.round(value * 10_000) / 10_000;
  console.log(
    JSON.stringify({
      bench: 'switchboard-gateway',
      node: process.version,
      targets: TARGETS,
      allTargetsMet: allMet,
      processesSeen: everStarted.size,
      leftoverProcesses: leftovers,
      checks: checks.map((check) => ({
        target: check.target,
        mode: check.row.mode,
        inFlight: check.row.inFlight,
        value: round(check.value),
        met: check.met,
      })),
      results: rows.map((row) => ({
        mode: row.mode,
        inFlight: row.inFlight,
        calls: row.calls,
        p50Ms: round(row.p50Ms),
        p99Ms: round(row.p99Ms),
        meanMs: round(row.meanMs),
        callsPerSec: Math.round(row.callsPerSec),
        gatewayCpuMsPerCall: round(row.gatewayCpuMsPerCall),
        serverCpuMsPerCall: round(row.serverCpuMsPerCall),
        benchCpuMsPerCall: round(row.clientCpuMsPerCall),
        p50Ratio: round(row.p50Ratio),
        throughputRatio: round(row.throughputRatio),
      })),
    }),
  );
}

/** After the cleanups ran: checks nothing the bench started survived, then exits. */
function finish(code: number): never {
  const survivors = verifyAllStopped();
  if (code !== 0 || interrupted || survivors > 0)
    console.error(
      `cleanup check: ${everStarted.size} processes seen, ${survivors === 0 ? 'all stopped' : `${survivors} had to be killed`}`,
    );
  const leaked = survivors > 0 || process.exitCode === 1;
  process.exit(interrupted ? 130 : leaked ? Math.max(code, 1) : code);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  if (!interrupted) console.error(`\nbench failed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await runCleanups();
}
finish(failed ? 1 : 0);
