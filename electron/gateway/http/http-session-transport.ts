/**
 * The server side of one Streamable HTTP session (MCP 2025-11-25), as an SDK Transport.
 *
 * Why our own and not the SDK's StreamableHTTPServerTransport: that one converts every Node
 * request to a web Request/Response and always goes through its stream machinery; measured on
 * this machine it alone costs ~1 ms CPU per call, twice the gateway's whole budget (see
 * bench/). This one answers a request with plain JSON when nothing else needs to be said
 * before the response, and switches that request to SSE the moment a related notification or
 * server->client request appears.
 */
import type { ServerResponse } from 'node:http';
import type {
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  JSONRPCMessage,
  MessageExtraInfo,
  RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { responseChunks, SerializedResult } from '../routing/serialized-result.ts';
import { sendRpcError } from './http-helpers.ts';
import { SseStream } from './sse-stream.ts';

type PendingRequest = {
  res: ServerResponse;
  stream?: SseStream;
};

const STANDALONE = 'standalone';
/** Messages for the standalone stream kept while no GET stream is open. */
const STANDALONE_BACKLOG = 1000;

export class HttpSessionTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  /** The protocol version the client declared; 2025-11-25 and later get priming events. */
  protocolVersion = '2025-03-26';
  readonly #pending = new Map<RequestId, PendingRequest>();
  readonly #streams = new Map<string, SseStream>();
  readonly #standalone: SseStream;
  #streamCounter = 0;
  #closed = false;
  lastActivity = Date.now();

  readonly sessionId: string;

  readonly retryMs: number;

  constructor(sessionId: string, retryMs = 1000) {
    this.retryMs = retryMs;
    this.sessionId = sessionId;
    this.#standalone = new SseStream(STANDALONE, retryMs);
    this.#streams.set(STANDALONE, this.#standalone);
  }

  async start(): Promise<void> {}

  get #headers(): Record<string, string> {
    return { 'mcp-session-id': this.sessionId };
  }

  get #primes(): boolean {
    return this.protocolVersion >= '2025-11-25';
  }

  /** A POST carrying one JSON-RPC message. Requests keep `res` until answered; the rest get 202. */
  receive(message: JSONRPCMessage, res: ServerResponse, extra?: MessageExtraInfo): void {
    this.lastActivity = Date.now();
    if ('method' in message && 'id' in message) {
      // Answers find their request by id: a second request with the id of one still in flight
      // would take its answer and leave it hanging. Refused, and never handed to the server.
      if (this.#pending.has(message.id)) {
        const id = JSON.stringify(message.id);
        const text = `Conflict: request id ${id} is in use by a request in progress`;
        sendRpcError(res, 409, text, -32600, message.id);
        return;
      }
      const entry: PendingRequest = { res };
      this.#pending.set(message.id, entry);
      res.on('close', () => {
        // The client went away before the answer: keep the entry only if it can resume.
        if (this.#pending.get(message.id) === entry && !entry.stream)
          this.#pending.delete(message.id);
      });
    } else {
      res.writeHead(202, this.#headers).end();
    }
    this.onmessage?.(message, extra);
  }

  /** A GET: the standalone stream, or a resumption of any stream after Last-Event-ID. */
  openStream(
    res: ServerResponse,
    lastEventId: string | undefined,
  ): 'ok' | 'conflict' | 'unknown-event' {
    this.lastActivity = Date.now();
    if (lastEventId !== undefined) {
      const separator = lastEventId.lastIndexOf(':');
      const stream = this.#streams.get(lastEventId.slice(0, separator));
      const seq = Number(lastEventId.slice(separator + 1));
      if (!stream || separator < 0 || !Number.isInteger(seq)) return 'unknown-event';
      stream.attach(res, this.#headers, false, () => {});
      stream.replay(seq);
      if (stream.finished) stream.end();
      else if (stream === this.#standalone) this.#flushBacklog();
      return 'ok';
    }
    if (this.#standalone.open) return 'conflict';
    this.#standalone.attach(res, this.#headers, this.#primes, () => {});
    this.#flushBacklog();
    return 'ok';
  }

  readonly #backlog: string[] = [];

  #flushBacklog(): void {
    for (const data of this.#backlog.splice(0)) this.#standalone.write(data);
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.#closed) throw new Error('session closed');
    const result = 'result' in message ? message.result : undefined;
    if (result instanceof SerializedResult && 'id' in message && message.id !== undefined)
      return this.#sendResponse(message.id, responseChunks(message.id, result));
    const data = JSON.stringify(message);
    if (
      ('result' in message || 'error' in message) &&
      'id' in message &&
      message.id !== undefined
    ) {
      return this.#sendResponse(message.id as RequestId, data);
    }
    const related = options?.relatedRequestId;
    const pending = related !== undefined ? this.#pending.get(related) : undefined;
    if (pending) {
      this.#streamFor(pending).write(data);
      return;
    }
    if (this.#standalone.open) {
      this.#standalone.write(data);
      return;
    }
    // A server->client request must not wait for a GET stream the client may never open:
    // any open request stream of this session will carry it.
    if ('id' in message && 'method' in message) {
      const open = [...this.#pending.values()].find(
        (entry) => !entry.res.writableEnded && !entry.res.destroyed,
      );
      if (open) {
        this.#streamFor(open).write(data);
        return;
      }
    }
    this.#backlog.push(data);
    if (this.#backlog.length > STANDALONE_BACKLOG) this.#backlog.shift();
  }

  /** `data` is the JSON text, or its bytes in chunks (a serialized result, see there). */
  #sendResponse(id: RequestId, data: string | Buffer[]): void {
    const pending = this.#pending.get(id);
    if (!pending) return; // the client went away and cannot resume: nobody to answer
    this.#pending.delete(id);
    if (pending.stream) {
      pending.stream.write(typeof data === 'string' ? data : Buffer.concat(data).toString());
      pending.stream.end();
      return;
    }
    const { res } = pending;
    if (res.writableEnded || res.destroyed) return;
    const length =
      typeof data === 'string'
        ? Buffer.byteLength(data)
        : data.reduce((sum, chunk) => sum + chunk.length, 0);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(length),
      ...this.#headers,
    });
    if (typeof data === 'string') return void res.end(data);
    // Corked: the head and every chunk leave in one write, and no chunk is copied.
    res.cork();
    for (const chunk of data) res.write(chunk);
    res.end();
  }

  /** Upgrades a request's answer from plain JSON to an event stream. */
  #streamFor(pending: PendingRequest): SseStream {
    if (pending.stream) return pending.stream;
    const key = `r${++this.#streamCounter}`;
    const stream = new SseStream(key, this.retryMs);
    this.#streams.set(key, stream);
    pending.stream = stream;
    if (!pending.res.writableEnded && !pending.res.destroyed)
      stream.attach(pending.res, this.#headers, this.#primes, () => {});
    return stream;
  }

  /** Ends a request's SSE stream early but keeps it resumable (the client reconnects with Last-Event-ID). */
  closeRequestStream(id: RequestId): void {
    this.#pending.get(id)?.stream?.detach();
  }

  closeStandaloneStream(): void {
    this.#standalone.detach();
  }

  /** Forgets streams that finished long enough ago that no client is still resuming them. */
  prune(olderThanMs = 5 * 60_000): void {
    const cutoff = Date.now() - olderThanMs;
    for (const [key, stream] of this.#streams) {
      if (stream.finished && stream.finishedAt < cutoff) this.#streams.delete(key);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stream of this.#streams.values()) stream.end();
    for (const pending of this.#pending.values())
      if (!pending.res.headersSent) pending.res.writeHead(404).end();
    this.#pending.clear();
    this.onclose?.();
  }
}
