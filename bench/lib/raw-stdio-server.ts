/**
 * A stdio MCP server driven the leanest way: JSON-RPC lines written to its stdin, answers taken
 * from its stdout as bytes up to the newline, not decoded or parsed. It is the direct baseline
 * for the gateway's response time: what the same server takes to answer when nothing sits
 * between it and the client, and the client does not parse either.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

const NEWLINE = 0x0a;

export class RawStdioServer {
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  #nextId = 1;
  #chunks: Buffer[] = [];
  #waiting: ((line: Buffer) => void) | undefined;

  constructor(command: string, args: string[]) {
    this.#child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.#child.stdout.on('data', (chunk: Buffer) => this.#receive(chunk));
  }

  /** initialize, then notifications/initialized. */
  async initialize(): Promise<void> {
    const answer = JSON.parse(
      (
        await this.request('initialize', {
          protocolVersion: LATEST_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'switchboard-bench-raw-stdio', version: '1.0.0' },
        })
      ).toString(),
    ) as { result?: unknown };
    if (!answer.result) throw new Error(`initialize failed: ${JSON.stringify(answer)}`);
    this.#child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  }

  /** One request; resolves with the answer's line as bytes (one request in flight at a time). */
  request(method: string, params: unknown): Promise<Buffer> {
    if (this.#waiting) throw new Error('one request at a time');
    const line = JSON.stringify({ jsonrpc: '2.0', id: this.#nextId++, method, params });
    return new Promise((resolve) => {
      this.#waiting = resolve;
      this.#child.stdin.write(`${line}\n`);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#child.exitCode !== null) return resolve();
      this.#child.once('exit', () => resolve());
      this.#child.stdin.end();
      this.#child.kill('SIGTERM');
    });
  }

  #receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.#chunks.push(chunk.subarray(start, end));
      const line = Buffer.concat(this.#chunks);
      this.#chunks = [];
      start = end + 1;
      const waiting = this.#waiting;
      this.#waiting = undefined;
      waiting?.(line);
    }
    if (start < chunk.length) this.#chunks.push(chunk.subarray(start));
  }
}
