/**
 * The real `switchboard` command in its own process, as a user runs it: one-shot commands, and
 * `serve` until it prints its URL. Every gateway started is remembered, so a test file can kill
 * what is left (and find its children) after each test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { NODE, ROOT } from './gateway-harness.ts';

const BIN = join(ROOT, 'bin/switchboard.js');

export type Exit = { code: number | null; signal: NodeJS.Signals | null };
export type Serving = {
  child: ChildProcess;
  pid: number;
  url: string;
  exited: Promise<Exit>;
  stdout: () => string;
};

/** Gateways started by `serve` and not yet handed to the caller's cleanup. */
export const startedGateways: { child: ChildProcess; dataDir: string }[] = [];

/** Runs one command to its end: exit status and everything it printed. */
export function runCli(
  args: string[],
  env?: Record<string, string>,
): Promise<Exit & { stdout: string; stderr: string }> {
  const child = spawn(NODE, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** `switchboard serve` on a free port, resolved once it says it is ready. */
export async function serveCli(
  config: string,
  dataDir: string,
  env?: Record<string, string>,
): Promise<Serving> {
  const child = spawn(
    NODE,
    [BIN, 'serve', '--config', config, '--data-dir', dataDir, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) },
  );
  startedGateways.push({ child, dataDir });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const match =
        /MCP \(Streamable HTTP\): (http:\/\/\S+)\/mcp\n[^]*Press Ctrl\+C to stop\./.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    void exited.then(({ code }) =>
      reject(new Error(`serve exited with ${code} before printing its URL:\n${stdout}${stderr}`)),
    );
  });
  return { child, pid: child.pid!, url, exited, stdout: () => stdout };
}

const TOKEN_LINE = /Token \(shown once, store it now\): (\S+)/g;

/** The tokens printed in some output (each at most once, by design). */
export function tokensIn(output: string): string[] {
  return [...output.matchAll(TOKEN_LINE)].map((match) => match[1]!);
}
