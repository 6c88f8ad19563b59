/**
 * The admin API over HTTP: `POST /api/rpc/<method>` answers an ApiResult as JSON, and
 * `GET /api/events` streams the contract's events as server-sent events, and
 * `GET /api/log/export` downloads the matching call log entries. Host and Origin were
 * checked before this. Callers present the admin token (CLI, scripts) or the session cookie a
 * one-time login link set (the dashboard in a browser); client tokens never open /api.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError, ApiResult, EventName } from '../../../shared/contract.ts';
import { EVENT_NAMES } from '../../../shared/contract.ts';
import { bearerMatches } from '../http/gateway-http-server.ts';
import { HttpError, readBody, sendJson } from '../http/http-helpers.ts';
import { AdminSessions, sessionCookie, sessionFromCookie } from './admin-sessions.ts';
import { isEventName, type EngineService } from './engine-service.ts';
import { parseExportRequest, sendLogExport } from './log-export-route.ts';

/** Admin requests are small; anything bigger is a mistake or an attack. */
const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const STATUS: Record<ApiError['code'], number> = {
  'invalid-params': 400,
  unauthorized: 401,
  'not-found': 404,
  conflict: 409,
  internal: 500,
};

export type AdminCarrierOptions = { adminToken: string; heartbeatMs?: number };

function sendResult(res: ServerResponse, result: ApiResult<unknown>): void {
  sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
}

function fail(res: ServerResponse, code: ApiError['code'], message: string, status?: number): void {
  sendJson(res, status ?? STATUS[code], { ok: false, error: { code, message } });
}

export class AdminHttpCarrier {
  readonly sessions = new AdminSessions();
  readonly #engine: EngineService;
  readonly #options: AdminCarrierOptions;
  readonly #streams = new Set<ServerResponse>();
  /** The engine hands every listener the same payload object: one id per event, on every stream. */
  readonly #eventIds = new WeakMap<object, number>();
  #lastEventId = 0;

  constructor(engine: EngineService, options: AdminCarrierOptions) {
    this.#engine = engine;
    this.#options = options;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/login') return this.#login(req, res, url);
    const auth = this.#authenticate(req);
    if (!auth) {
      res.setHeader('www-authenticate', 'Bearer realm="switchboard-admin"');
      return fail(
        res,
        'unauthorized',
        'send Authorization: Bearer <admin token> (in <data-dir>/admin-token), or open the login link "switchboard serve" prints',
      );
    }
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return this.#notAllowed(res, 'GET');
      return this.#events(req, res, url);
    }
    if (url.pathname === '/api/log/export' && this.#engine.callLog) {
      if (req.method !== 'GET') return this.#notAllowed(res, 'GET');
      const request = parseExportRequest(url.searchParams);
      if (!request.ok) return fail(res, 'invalid-params', request.message);
      return sendLogExport(res, request, this.#engine.callLog);
    }
    if (url.pathname.startsWith('/api/rpc/')) {
      if (req.method !== 'POST') return this.#notAllowed(res, 'POST');
      // A cookie rides along on requests other pages make; JSON cannot be sent cross-site without CORS.
      if (auth === 'cookie' && !/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
        return fail(res, 'invalid-params', 'send the params as application/json', 415);
      const encoded = url.pathname.slice('/api/rpc/'.length);
      let method: string;
      try {
        method = decodeURIComponent(encoded);
      } catch {
        // A malformed %-escape names no method (and is no reason for a 500).
        return fail(res, 'not-found', `no method "${encoded}"`);
      }
      return this.#rpc(req, res, method);
    }
    return fail(res, 'not-found', `no admin route ${req.method} ${url.pathname}`);
  }

  /** Ends every event stream (the gateway is stopping). */
  close(): void {
    for (const res of this.#streams) res.end();
    this.#streams.clear();
    this.sessions.clear();
  }

  #authenticate(req: IncomingMessage): 'token' | 'cookie' | undefined {
    if (req.headers.authorization !== undefined)
      return bearerMatches(req.headers.authorization, this.#options.adminToken)
        ? 'token'
        : undefined;
    return this.sessions.isValid(sessionFromCookie(req.headers.cookie)) ? 'cookie' : undefined;
  }

  /** Same event, same id on every stream: a client switching streams can drop repeats. */
  #idOf(payload: unknown): number {
    if (typeof payload !== 'object' || payload === null) return ++this.#lastEventId;
    let id = this.#eventIds.get(payload);
    if (id === undefined) this.#eventIds.set(payload, (id = ++this.#lastEventId));
    return id;
  }

  #notAllowed(res: ServerResponse, allow: string): void {
    res.setHeader('allow', allow);
    fail(res, 'invalid-params', `use ${allow} here`, 405);
  }

  #login(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') return this.#notAllowed(res, 'GET');
    const session = this.sessions.redeem(url.searchParams.get('code') ?? '');
    if (!session) {
      const body =
        'This login link is not valid: it was used already or has expired. Open a new one from Switchboard.\n';
      res.writeHead(401, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(body);
      return;
    }
    // Redirect so that the code leaves the address bar (and history) at once.
    res.writeHead(303, {
      location: '/',
      'set-cookie': sessionCookie(session),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  }

  async #rpc(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    let params: unknown;
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      params = body.trim() === '' ? {} : JSON.parse(body);
    } catch (error) {
      if (error instanceof HttpError)
        return fail(res, 'invalid-params', error.message, error.status);
      return fail(res, 'invalid-params', `the body is not valid JSON: ${(error as Error).message}`);
    }
    sendResult(res, await this.#engine.call(method, params));
  }

  /** `?events=a,b` limits the stream to those events (default: all the contract knows). */
  #events(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const asked = url.searchParams.get('events');
    const names = asked === null ? EVENT_NAMES : [...new Set(asked.split(',').filter(Boolean))];
    const unknown = names.filter((name) => !isEventName(name));
    if (unknown.length > 0)
      return fail(
        res,
        'invalid-params',
        `events: unknown event ${unknown.map((n) => `"${n}"`).join(', ')}`,
      );
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const unsubscribe = (names as EventName[]).map((name) =>
      this.#engine.subscribe(name, (payload) => {
        // Events can still fire after the stream was ended (consent denied on shutdown).
        if (res.writableEnded || res.destroyed) return;
        res.write(
          `id: ${this.#idOf(payload)}\nevent: ${name}\ndata: ${JSON.stringify(payload)}\n\n`,
        );
      }),
    );
    this.#streams.add(res);
    // The first comment tells the client it is subscribed; later ones keep proxies from timing out.
    res.write(': connected\n\n');
    const heartbeat = setInterval(
      () => res.write(': heartbeat\n\n'),
      this.#options.heartbeatMs ?? HEARTBEAT_MS,
    );
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      this.#streams.delete(res);
      for (const stop of unsubscribe) stop();
    });
  }
}
