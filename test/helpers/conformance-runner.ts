/**
 * Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server mode) as a
 * child process against a URL and returns what each scenario found, read from the JSON files it
 * writes with `--output-dir`. Also starts server-everything in its own Streamable HTTP mode, as
 * the reference to compare the gateway's passthrough with.
 *
 * The suite's CLI sends no headers of ours, and the gateway wants a client token: with `headers`,
 * the suite talks to a loopback proxy that adds them and forwards everything else untouched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request, type OutgoingHttpHeaders } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, ROOT } from './gateway-harness.ts';

const CONFORMANCE_CLI = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const EVERYTHING_ENTRY = join(
  ROOT,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);

export type CheckStatus = 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | (string & {});

/** One entry of a scenario's checks.json, as the suite writes it. */
export type Check = {
  id: string;
  name: string;
  description: string;
  status: CheckStatus;
  errorMessage?: string;
  details?: Record<string, unknown>;
};

export type ScenarioResult = {
  scenario: string;
  passed: number;
  failed: number;
  warnings: number;
  /** `<check id>: <error message>` of every failed check. */
  failures: string[];
  /** Empty when the scenario crashed before writing its results (then `failed` is 1). */
  checks: Check[];
};

export type SuiteRun = {
  results: ScenarioResult[];
  exitCode: number | null;
  durationMs: number;
  output: string;
};

export type Suite = 'active' | 'all' | 'pending';

/** `server-<scenario>-<ISO timestamp with : and . replaced by ->`, as the suite names result dirs. */
const RESULT_DIR = /^server-(.+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)$/;
/** `✓ <scenario>: <n> passed, <m> failed` in the summary printed at the end of a suite run. */
const SUMMARY_LINE = /^[✓✗] (\S+): (\d+) passed, (\d+) failed$/;

function runCli(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CONFORMANCE_CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(
          `conformance ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${output.slice(-4000)}`,
        ),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function summarize(scenario: string, checks: Check[]): ScenarioResult {
  const failedChecks = checks.filter((check) => check.status === 'FAILURE');
  return {
    scenario,
    passed: checks.filter((check) => check.status === 'SUCCESS').length,
    failed: failedChecks.length,
    warnings: checks.filter((check) => check.status === 'WARNING').length,
    failures: failedChecks.map(
      (check) => `${check.id}: ${check.errorMessage ?? check.description}`,
    ),
    checks,
  };
}

export type HeaderProxy = { url: string; close(): Promise<void> };

/**
 * A loopback HTTP proxy to `target`'s origin that sets `headers` on every request and changes
 * nothing else: same method, path and query, every other header as sent (Host and Origin
 * included, so DNS rebinding checks see what the client sent), bodies streamed both ways (an
 * SSE response reaches the client event by event, not when it ends).
 */
export async function startHeaderProxy(
  target: string,
  headers: Record<string, string>,
): Promise<HeaderProxy> {
  const upstream = new URL(target);
  const server = createHttpServer((req, res) => {
    const forwarded: OutgoingHttpHeaders = { ...req.headers, ...headers };
    const outgoing = request({
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: forwarded,
    });
    outgoing.on('response', (incoming) => {
      res.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, incoming.rawHeaders);
      res.flushHeaders();
      incoming.pipe(res);
      incoming.on('error', () => res.destroy());
    });
    outgoing.on('error', (error) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${error.message}`);
    });
    // The client gone (an SSE stream closed, a request aborted): so is the request upstream.
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    req.pipe(outgoing);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Runs a whole suite (or one scenario) in server mode against `url`; with `headers`, through a
 * proxy that adds them to every request.
 */
export async function runConformance(
  url: string,
  options: {
    suite?: Suite;
    scenario?: string;
    timeoutMs?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<SuiteRun> {
  if (options.headers) {
    const { headers, ...rest } = options;
    const proxy = await startHeaderProxy(url, headers);
    try {
      const target = new URL(url);
      return await runConformance(new URL(target.pathname + target.search, proxy.url).href, rest);
    } finally {
      await proxy.close();
    }
  }
  const outputDir = mkdtempSync(join(tmpdir(), 'switchboard-conformance-'));
  const started = Date.now();
  try {
    const args = ['server', '--url', url, '--output-dir', outputDir];
    args.push(
      ...(options.scenario
        ? ['--scenario', options.scenario]
        : ['--suite', options.suite ?? 'active']),
    );
    const { code, output } = await runCli(args, options.timeoutMs ?? 150_000);
    const durationMs = Date.now() - started;

    const written = new Map<string, Check[] | undefined>();
    for (const entry of readdirSync(outputDir).sort()) {
      const match = RESULT_DIR.exec(entry);
      if (!match) continue;
      const file = join(outputDir, entry, 'checks.json');
      written.set(
        match[1]!,
        existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Check[]) : undefined,
      );
    }
    // The summary lists every scenario that was attempted, including any that crashed before
    // writing checks.json; a single --scenario run prints no summary.
    const summarized = output
      .split('\n')
      .map((line) => SUMMARY_LINE.exec(line.trim())?.[1])
      .filter((name): name is string => name !== undefined);
    const scenarios = summarized.length ? summarized : [...written.keys()];
    const results = scenarios.map((scenario) => {
      const checks = written.get(scenario);
      if (checks) return summarize(scenario, checks);
      return {
        ...summarize(scenario, []),
        failed: 1,
        failures: [
          `${scenario}: the scenario crashed before writing results (see the suite output)`,
        ],
      };
    });
    if (results.length === 0)
      throw new Error(`conformance produced no results (exit ${code}):\n${output.slice(-4000)}`);
    return { results, exitCode: code, durationMs, output };
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

/** Every server scenario this version of the suite knows (the `all` suite). */
export async function listServerScenarios(): Promise<string[]> {
  const { code, output } = await runCli(['list', '--server'], 30_000);
  if (code !== 0) throw new Error(`conformance list failed (exit ${code}):\n${output}`);
  return [...output.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]!);
}

/** Pass/fail of a scenario and which checks failed or warned, without the successes' details. */
export function outcome(result: ScenarioResult): { failures: string[]; warnings: string[] } {
  return {
    failures: [...result.failures].sort(),
    warnings: result.checks
      .filter((check) => check.status === 'WARNING')
      .map((check) => check.id)
      .sort(),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type HttpServerProcess = { url: string; stop(): Promise<void> };

/** server-everything serving Streamable HTTP itself on `/mcp` (port from $PORT). */
export async function startEverythingHttp(startTimeoutMs = 20_000): Promise<HttpServerProcess> {
  let lastError: Error | undefined;
  // Another process can take the free port between probing and binding: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(NODE, [EVERYTHING_ENTRY, 'streamableHttp'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PORT: String(port) },
    });
    try {
      await listening(child, `listening on port ${port}`, startTimeoutMs);
    } catch (error) {
      child.kill();
      lastError = error as Error;
      continue;
    }
    return {
      url: `http://127.0.0.1:${port}/mcp`,
      stop: () => stopChild(child),
    };
  }
  throw lastError ?? new Error('server-everything did not start');
}

function listening(child: ChildProcess, marker: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const fail = (message: string) => {
      clearTimeout(timer);
      reject(new Error(`${message}\n${stderr.slice(-2000)}`));
    };
    const timer = setTimeout(
      () => fail(`server-everything did not listen within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => fail(`server-everything exited with ${code} before listening`));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill();
  });
}
