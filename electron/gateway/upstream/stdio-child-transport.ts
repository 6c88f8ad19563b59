/**
 * An MCP transport to a child process over stdio. The SDK's StdioClientTransport does not
 * put the child in its own process group (needed to stop `npx` and what it starts, and to
 * keep a terminal's Ctrl+C from reaching children before the gateway can stop them in order),
 * so this is our own, built on the SDK's message (de)serializer and a line reader of our own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { deserializeMessage, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineReader } from './line-reader.ts';
import { type LineRingBuffer } from './ring-buffer.ts';

export type StdioChildOptions = {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  stderr: LineRingBuffer;
  onSpawn?: (pid: number) => void;
  onExit?: (pid: number) => void;
  /** How long to wait after closing stdin, then after SIGTERM, before escalating. */
  gracefulMs?: number;
};

export class StdioChildTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  #child?: ChildProcess;
  #exited?: Promise<void>;
  readonly #lines = new LineReader();

  readonly options: StdioChildOptions;

  constructor(options: StdioChildOptions) {
    this.options = options;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): Promise<void> {
    if (this.#child) throw new Error('StdioChildTransport already started');
    const { command, args, env, cwd, stderr } = this.options;
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        env,
        cwd,
        shell: false,
        detached: true, // own process group: see the file comment
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      this.#child = child;
      this.#exited = new Promise((done) => child.once('close', () => done()));
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
        this.onclose?.();
      });
      child.once('spawn', () => {
        this.options.onSpawn?.(child.pid!);
        resolve();
      });
      child.once('close', (code, signal) => {
        this.options.onExit?.(child.pid!);
        if (code !== 0 && code !== null)
          stderr.push(`\n[switchboard] process exited with code ${code}\n`);
        if (signal) stderr.push(`\n[switchboard] process ended by ${signal}\n`);
        this.#child = undefined;
        this.onclose?.();
      });
      child.stdout!.on('data', (chunk: Buffer) => void this.#onData(chunk));
      child.stderr!.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
      child.stdin!.on('error', (error) => this.onerror?.(error));
      child.stdout!.on('error', (error) => this.onerror?.(error));
    });
  }

  /**
   * One message per microtask: the SDK runs notification handlers a microtask late but handles
   * responses at once, so a progress notification read in the same chunk as its request's
   * response would otherwise find its handler gone and be dropped. (Only microtasks are awaited,
   * so a chunk is done before the next one is read.)
   */
  async #onData(chunk: Buffer): Promise<void> {
    let lines: string[];
    try {
      lines = this.#lines.push(chunk);
    } catch (error) {
      this.options.stderr.push(`[switchboard] ${(error as Error).message}\n`);
      this.onerror?.(error as Error);
      return;
    }
    for (const line of lines) {
      let message: JSONRPCMessage;
      try {
        // Validated against the SDK's JSON-RPC schema: child output is an edge.
        message = deserializeMessage(line);
      } catch (error) {
        this.options.stderr.push(
          `[switchboard] ignored a line on stdout that is not JSON-RPC: ${(error as Error).message}\n`,
        );
        this.onerror?.(error as Error);
        continue;
      }
      this.onmessage?.(message);
      await Promise.resolve();
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#child?.stdin;
    if (!stdin || stdin.destroyed) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Closes stdin, then escalates to SIGTERM and SIGKILL of the whole process group. */
  async close(): Promise<void> {
    const child = this.#child;
    if (!child || !this.#exited) return;
    const grace = this.options.gracefulMs ?? 2000;
    child.stdin?.end();
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // The group is already gone.
      }
    };
    if (await settlesWithin(this.#exited, grace)) return signalGroup('SIGKILL');
    signalGroup('SIGTERM');
    if (await settlesWithin(this.#exited, grace)) return signalGroup('SIGKILL');
    signalGroup('SIGKILL');
    await this.#exited;
  }
}

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
