/**
 * Splits a child's stdout into lines (one JSON-RPC message each).
 *
 * Why not the SDK's ReadBuffer: it concatenates everything unread with each new chunk
 * (`Buffer.concat` per 64 KB read) and searches it from the start again, so one long line is
 * copied over and over; a real tools/list of 600 KB–1 MB cost some 5–10 MB of short-lived
 * native buffers per list. Here the chunks of an unfinished line are kept as they came and
 * joined once, when its newline arrives; each chunk is searched once.
 */
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';

const NEWLINE = 0x0a;

export class LineReader {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  readonly maxLineBytes: number;

  constructor(maxLineBytes = STDIO_DEFAULT_MAX_BUFFER_SIZE) {
    this.maxLineBytes = maxLineBytes;
  }

  /** The lines `chunk` completes (without their "\n" or "\r\n"); throws on an overlong line. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const tail = chunk.subarray(start, end);
      const line = this.#chunks.length ? Buffer.concat([...this.#chunks, tail]) : tail;
      this.#chunks.length = 0;
      this.#size = 0;
      lines.push(line.toString('utf8').replace(/\r$/, ''));
      start = end + 1;
    }
    if (start < chunk.length) {
      this.#size += chunk.length - start;
      if (this.#size > this.maxLineBytes) {
        this.#chunks.length = 0;
        this.#size = 0;
        throw new Error(`a line on stdout exceeded ${this.maxLineBytes} bytes; dropped`);
      }
      this.#chunks.push(start ? chunk.subarray(start) : chunk);
    }
    return lines;
  }
}
