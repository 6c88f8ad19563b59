/**
 * The engine's admin API over HTTP, for the dashboard in a browser and for the CLI in Node:
 * fetch only, no Node imports. Every method and event comes from `contract`; results and
 * event payloads are checked against its schemas here, at the edge. Events arrive on one
 * shared `/api/events` stream (read with fetch, not EventSource, so Node can use it too),
 * opened for exactly the events someone listens to and reopened with backoff when it drops.
 */
import { z } from 'zod';
import {
  contract,
  type ApiError,
  type ApiResult,
  type EngineApi,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from './contract.ts';

export type HttpEngineOptions = {
  /** Where the gateway is, e.g. "http://127.0.0.1:4777"; "" for the page's own origin. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** E.g. `{ authorization: 'Bearer <admin token>' }`; a browser sends its session cookie instead. */
  headers?: Record<string, string>;
  /** Problems of the event stream (it reconnects by itself) and payloads that fail their schema. */
  onStreamError?: (error: Error) => void;
  retry?: { initialMs?: number; maxMs?: number };
};

export type HttpEngineApi = EngineApi & {
  /** Runs `listener` on every connection of the event stream, the first and each reconnect. */
  onLive(listener: () => void): () => void;
  /** Resolves once the event stream carries every event subscribed so far. */
  ready(): Promise<void>;
  /** Ends the event stream for good; calls keep working. */
  close(): void;
};

const ApiErrorSchema = z.object({
  code: z.enum(['invalid-params', 'not-found', 'conflict', 'unauthorized', 'internal']),
  message: z.string(),
});
const ApiResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);

type Listener = (payload: unknown) => void;
type Stream = { names: string; controller: AbortController; connected: boolean };

/** Event ids already delivered, so two overlapping streams do not deliver one event twice. */
const SEEN_LIMIT = 1000;

function failure(code: ApiError['code'], message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message } };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export function createHttpEngineApi(options: HttpEngineOptions): HttpEngineApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const headers = options.headers ?? {};
  const initialMs = options.retry?.initialMs ?? 500;
  const maxMs = options.retry?.maxMs ?? 15_000;
  const report = (error: unknown) =>
    options.onStreamError?.(error instanceof Error ? error : new Error(String(error)));

  const listeners = new Map<EventName, Set<Listener>>();
  /** Oldest first; the last one is current, older ones run until it connects. */
  const streams: Stream[] = [];
  const seen = new Set<number>();
  const waiters: Array<() => void> = [];
  const liveListeners = new Set<() => void>();
  let scheduled = false;
  let closed = false;

  const wanted = () => [...listeners.keys()].sort().join(',');
  const current = () => streams.at(-1);

  function settleWaiters(): void {
    const stream = current();
    if (stream && !stream.connected) return;
    for (const resolve of waiters.splice(0)) resolve();
  }

  function onConnected(stream: Stream): void {
    stream.connected = true;
    // Make before break: the older streams go only once this one carries the events.
    const index = streams.indexOf(stream);
    for (const older of streams.splice(0, Math.max(0, index))) older.controller.abort();
    settleWaiters();
    for (const listener of [...liveListeners]) {
      try {
        listener();
      } catch (error) {
        report(error);
      }
    }
  }

  function dispatch(name: string, data: string, id: string | undefined): void {
    if (id !== undefined && /^\d+$/.test(id)) {
      const number = Number(id);
      if (seen.has(number)) return;
      seen.add(number);
      if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
    }
    if (!Object.hasOwn(contract.events, name)) return;
    const event = name as EventName;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return report(new Error(`event ${event}: data is not JSON`));
    }
    const parsed = (contract.events[event] as z.ZodType).safeParse(payload);
    if (!parsed.success) return report(new Error(`event ${event}: ${parsed.error.message}`));
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(parsed.data);
      } catch (error) {
        report(error);
      }
    }
  }

  /** Reads server-sent events until the stream ends (lines end in \n, \r\n also accepted). */
  async function read(body: ReadableStream<Uint8Array>, stream: Stream): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let event = { name: 'message', data: [] as string[], id: undefined as string | undefined };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line === '') {
          if (event.data.length > 0) dispatch(event.name, event.data.join('\n'), event.id);
          event = { name: 'message', data: [], id: undefined };
        } else if (line.startsWith(':')) {
          if (!stream.connected) onConnected(stream);
        } else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event.name = text;
          else if (field === 'data') event.data.push(text);
          else if (field === 'id') event.id = text;
        }
      }
    }
  }

  async function run(stream: Stream): Promise<void> {
    const { signal } = stream.controller;
    let delay = initialMs;
    while (!signal.aborted) {
      try {
        const response = await doFetch(
          `${base}/api/events?events=${encodeURIComponent(stream.names)}`,
          { headers: { accept: 'text/event-stream', ...headers }, signal },
        );
        if (!response.ok || !response.body) {
          await response.body?.cancel();
          throw new Error(`the event stream answered HTTP ${response.status}`);
        }
        await read(response.body, stream);
        if (!signal.aborted) throw new Error('the event stream ended');
      } catch (error) {
        if (signal.aborted) return;
        report(error);
      }
      if (stream.connected) delay = initialMs; // it worked for a while: start over gently
      stream.connected = false;
      await sleep(delay, signal);
      delay = Math.min(delay * 2, maxMs);
    }
  }

  /** Opens a stream for the events now listened to, if that differs from the current one. */
  function reconcile(): void {
    scheduled = false;
    if (closed) return;
    const names = wanted();
    if (current()?.names === names) return settleWaiters();
    if (names === '') {
      for (const stream of streams.splice(0)) stream.controller.abort();
      return settleWaiters();
    }
    const stream: Stream = { names, controller: new AbortController(), connected: false };
    streams.push(stream);
    void run(stream);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // Subscriptions made together (as a dashboard does at start) share one connection.
    queueMicrotask(reconcile);
  }

  return {
    async call<M extends MethodName>(
      method: M,
      params: MethodParams<M>,
    ): Promise<ApiResult<MethodResult<M>>> {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/rpc/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
          body: JSON.stringify(params ?? {}),
        });
      } catch (error) {
        return failure('internal', `cannot reach the gateway: ${(error as Error).message}`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        const code = response.status === 401 ? 'unauthorized' : 'internal';
        return failure(code, `the gateway answered HTTP ${response.status} without a JSON body`);
      }
      const envelope = ApiResultSchema.safeParse(body);
      if (!envelope.success)
        return failure('internal', `unexpected answer to ${method} (HTTP ${response.status})`);
      if (!envelope.data.ok) return envelope.data;
      const schema = contract.methods[method].result as z.ZodType;
      const value = schema.safeParse(envelope.data.value);
      if (!value.success)
        return failure('internal', `${method}: unexpected result: ${value.error.message}`);
      return { ok: true, value: value.data as MethodResult<M> };
    },

    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const entry = listener as Listener;
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(entry);
      listeners.set(event, set);
      schedule();
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(entry);
        if (set.size === 0 && listeners.get(event) === set) listeners.delete(event);
        schedule();
      };
    },

    onLive(listener) {
      liveListeners.add(listener);
      return () => liveListeners.delete(listener);
    },

    ready() {
      if (closed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        reconcile();
      });
    },

    close() {
      closed = true;
      for (const stream of streams.splice(0)) stream.controller.abort();
      for (const resolve of waiters.splice(0)) resolve();
    },
  };
}
