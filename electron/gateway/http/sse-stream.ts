/**
 * One server-sent-event stream of a session: a POST's response stream or the standalone GET
 * stream. Every event gets an id `<stream>:<seq>` and is kept in a bounded log, so a client
 * that lost the connection can resume with Last-Event-ID and miss nothing.
 */
import type { ServerResponse } from 'node:http';

export type LoggedEvent = { seq: number; data: string };

/** At most this many events are kept per stream for replay. */
const REPLAY_LIMIT = 500;

export class SseStream {
  #seq = 0;
  #res?: ServerResponse;
  readonly #log: LoggedEvent[] = [];
  /** Set when the stream's purpose is done (its response was sent): a resume replays and ends. */
  finished = false;
  finishedAt = 0;

  readonly key: string;

  readonly retryMs: number;

  constructor(key: string, retryMs: number) {
    this.key = key;

    this.retryMs = retryMs;
  }

  get open(): boolean {
    return this.#res !== undefined && !this.#res.writableEnded && !this.#res.destroyed;
  }

  /** Takes over an HTTP response; `prime` sends the empty event that lets 2025-11-25 clients resume. */
  attach(
    res: ServerResponse,
    headers: Record<string, string>,
    prime: boolean,
    onClose: () => void,
  ): void {
    // A resume (Last-Event-ID) takes the stream over: the response it replaces is ended, not
    // left open forever with nothing more to come (its request's answer goes to the new one).
    if (this.#res && this.#res !== res && !this.#res.writableEnded) this.#res.end();
    this.#res = res;
    if (!res.headersSent) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        ...headers,
      });
    }
    res.on('close', () => {
      if (this.#res === res) this.#res = undefined;
      onClose();
    });
    if (prime) res.write(`id: ${this.key}:${this.#seq}\nretry: ${this.retryMs}\ndata: \n\n`);
    else res.flushHeaders();
  }

  write(data: string): void {
    this.#seq += 1;
    this.#log.push({ seq: this.#seq, data });
    if (this.#log.length > REPLAY_LIMIT) this.#log.shift();
    this.#res?.write(`id: ${this.key}:${this.#seq}\nevent: message\ndata: ${data}\n\n`);
  }

  /** Re-sends what came after `afterSeq` to a freshly attached response. */
  replay(afterSeq: number): void {
    for (const event of this.#log) {
      if (event.seq > afterSeq)
        this.#res?.write(`id: ${this.key}:${event.seq}\nevent: message\ndata: ${event.data}\n\n`);
    }
  }

  end(): void {
    this.finished = true;
    this.finishedAt = Date.now();
    this.#res?.end();
    this.#res = undefined;
  }

  /** Ends the HTTP response but keeps the stream resumable (SSE polling). */
  detach(): void {
    this.#res?.end();
    this.#res = undefined;
  }
}
