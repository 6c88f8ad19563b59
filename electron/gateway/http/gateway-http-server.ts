/** The gateway's one HTTP listener: guards first, then the MCP endpoints, health, the admin API and the dashboard. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Identity } from '../../../shared/clients.ts';
import type { LegacySseEndpoint } from './legacy-sse-endpoint.ts';
import type { McpEndpoint } from './mcp-endpoint.ts';
import { sendJson, sendRpcError } from './http-helpers.ts';
import { checkHostAndOrigin, type OriginPolicy } from './origin-guard.ts';
import { StaticFiles } from './static-files.ts';

export type HttpRoutes = {
  aggregate: McpEndpoint;
  passthrough: (name: string, identity: Identity) => McpEndpoint | undefined;
  /** The identity behind an Authorization header, or undefined when it is missing or wrong. */
  authenticate: (authorization: string | undefined) => Identity | undefined;
  legacy: LegacySseEndpoint;
  health: () => unknown;
  /** `/api/*` and `/login`: the admin API, with its own authentication (never client tokens). */
  admin: { handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> };
  /** Every other GET: the dashboard's files (renderer/dist unless given). */
  dashboard?: { serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> };
};

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time bearer check (hashing first makes the lengths equal). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

export class GatewayHttpServer {
  readonly #server: Server;

  readonly routes: HttpRoutes;

  readonly policy: OriginPolicy;

  readonly #dashboard: NonNullable<HttpRoutes['dashboard']>;

  constructor(routes: HttpRoutes, policy: OriginPolicy) {
    this.routes = routes;
    this.#dashboard = routes.dashboard ?? new StaticFiles();

    this.policy = policy;
    this.#server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      this.#route(req, res).catch((error: unknown) => {
        sendRpcError(res, 500, `Internal error: ${(error as Error).message}`, -32603);
      });
    });
    this.#server.on('clientError', (_error, socket) => socket.destroy());
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** Every MCP route needs a client token, from the Authorization header only. */
  async #routeMcp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (url.searchParams.has('access_token') || url.searchParams.has('token')) {
      return sendRpcError(
        res,
        400,
        'Tokens are not accepted in URLs (they end up in logs); send Authorization: Bearer <token>',
      );
    }
    const identity = this.routes.authenticate(req.headers.authorization);
    if (!identity) {
      res.setHeader('www-authenticate', 'Bearer realm="switchboard", error="invalid_token"');
      const reason = req.headers.authorization
        ? 'the token is not valid (unknown or revoked)'
        : 'no token was sent';
      return sendRpcError(
        res,
        401,
        `Unauthorized: ${reason}; send Authorization: Bearer <client token> (create one with "switchboard clients add NAME")`,
      );
    }
    if (path === '/mcp') return this.routes.aggregate.handle(req, res, identity);
    if (path.startsWith('/mcp/servers/')) {
      const encoded = path.slice('/mcp/servers/'.length);
      let name: string;
      try {
        name = decodeURIComponent(encoded);
      } catch {
        // A malformed %-escape names no server (and is no reason for a 500).
        return sendRpcError(res, 404, `No server named "${encoded}" is configured`);
      }
      // A server outside the caller's profile does not exist for that caller.
      const endpoint = this.routes.passthrough(name, identity);
      if (!endpoint) return sendRpcError(res, 404, `No server named "${name}" is configured`);
      return endpoint.handle(req, res, identity);
    }
    if (path === '/sse' && req.method === 'GET') return this.routes.legacy.open(res, identity);
    if (path === '/messages' && req.method === 'POST') {
      return this.routes.legacy.post(req, res, url.searchParams.get('sessionId'), identity);
    }
    return sendJson(res, 404, { error: `Not found: ${req.method} ${path}` });
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const path = url.pathname;
    if (path === '/healthz') return sendJson(res, 200, this.routes.health());
    const refusal = checkHostAndOrigin(req.headers, this.policy);
    if (refusal) return sendRpcError(res, 403, `Forbidden: ${refusal}`);

    if (path === '/mcp' || path.startsWith('/mcp/') || path === '/sse' || path === '/messages') {
      return this.#routeMcp(req, res, url);
    }
    if (path === '/api' || path.startsWith('/api/') || path === '/login') {
      return this.routes.admin.handle(req, res, url);
    }
    if (req.method === 'GET' || req.method === 'HEAD') return this.#dashboard.serve(req, res, url);
    return sendJson(res, 404, { error: `Not found: ${req.method} ${path}` });
  }
}
