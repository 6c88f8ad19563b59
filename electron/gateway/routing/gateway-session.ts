/**
 * One downstream MCP session: an SDK Server facing the client, routing every request to the
 * servers behind it and every server->client message back to this session only.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ResultSchema,
  type ClientCapabilities,
  type Implementation,
  type JSONRPCRequest,
  type Notification,
  type RequestId,
  type Result,
  type ServerCapabilities,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Identity } from '../../../shared/clients.ts';
import type { DownstreamPeer } from '../upstream/downstream-peer.ts';
import { asWireError } from '../upstream/wire-error.ts';
import type { ServerSupervisor } from '../upstream/server-supervisor.ts';

export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What differs between the aggregated endpoint and a one-server passthrough. */
export interface SessionRouter {
  handleRequest(
    session: GatewaySession,
    request: JSONRPCRequest,
    extra: RequestExtra,
  ): Promise<Result>;
  /** Maps a notification from a server into this session's namespace; undefined drops it. */
  mapNotification(server: string, notification: Notification): Notification | undefined;
}

export type SessionInit = {
  sessionId: string;
  identity: Identity;
  serverInfo: Implementation;
  capabilities: ServerCapabilities;
  instructions?: string;
  supervisors: ServerSupervisor[];
  router: SessionRouter;
  requestTimeoutMs: number;
};

export class GatewaySession implements DownstreamPeer {
  readonly server: Server;
  readonly sessionId: string;
  readonly identity: Identity;
  readonly supervisors: ServerSupervisor[];
  readonly #router: SessionRouter;
  readonly #timeoutMs: number;
  #closed = false;
  #closing?: Promise<void>;
  #markClosed!: () => void;
  /** Settles once the session has closed, whoever closed it. */
  readonly closed = new Promise<void>((resolve) => (this.#markClosed = resolve));
  onclose?: () => void;
  /** The client said its roots changed (before its servers hear of it). */
  onRootsChanged?: () => void;

  constructor(init: SessionInit) {
    this.sessionId = init.sessionId;
    this.identity = init.identity;
    this.supervisors = init.supervisors;
    this.#router = init.router;
    this.#timeoutMs = init.requestTimeoutMs;
    this.server = new Server(init.serverInfo, {
      capabilities: init.capabilities,
      ...(init.instructions ? { instructions: init.instructions } : {}),
    });
    // Logging levels belong to the servers behind us: forward instead of answering locally.
    this.server.removeRequestHandler('logging/setLevel');
    this.server.fallbackRequestHandler = (request, extra) =>
      this.#router.handleRequest(this, request, extra).catch((error: unknown) => {
        throw asWireError(error);
      });
    this.server.fallbackNotificationHandler = (notification) =>
      this.#onClientNotification(notification);
    this.server.oninitialized = () => {
      // Dedicated upstream connections start now, in the background, so the first call is warm.
      for (const supervisor of this.supervisors)
        if (!supervisor.options.lazy) supervisor.laneFor(this);
    };
    this.server.onclose = () => void this.close();
  }

  /** Per-client isolation shares upstream connections between the sessions of one identity. */
  get clientKey(): string {
    return this.identity.clientId;
  }

  get profile(): string {
    return this.identity.profile;
  }

  get clientInfo(): Implementation {
    return this.server.getClientVersion() ?? { name: 'unknown-client', version: '0' };
  }

  get clientCapabilities(): ClientCapabilities {
    return this.server.getClientCapabilities() ?? {};
  }

  connect(transport: Transport): Promise<void> {
    return this.server.connect(transport);
  }

  async #onClientNotification(notification: Notification): Promise<void> {
    if (notification.method === 'notifications/roots/list_changed') this.onRootsChanged?.();
    // roots/list_changed and any other client notification go to this session's own connections.
    await Promise.all(
      this.supervisors.map((supervisor) => supervisor.notify(this, notification).catch(() => {})),
    );
  }

  requestFromServer(
    _server: string,
    request: JSONRPCRequest,
    related: RequestId | undefined,
    signal: AbortSignal,
  ): Promise<Result> {
    const { method, params } = request;
    return this.server.request({ method, params } as ServerRequest, ResultSchema, {
      signal,
      timeout: this.#timeoutMs,
      ...(related !== undefined ? { relatedRequestId: related } : {}),
    });
  }

  notifyFromServer(
    server: string,
    notification: Notification,
    related: RequestId | undefined,
  ): void {
    if (this.#closed) return;
    const mapped = this.#router.mapNotification(server, notification);
    if (!mapped) return;
    this.server
      .notification(
        mapped as ServerNotification,
        related !== undefined ? { relatedRequestId: related } : undefined,
      )
      .catch(() => {
        // The client is gone or does not take this kind of notification: nothing to deliver to.
      });
  }

  /** Every caller waits for the same close (DELETE and gateway stop answer only once it is done). */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.supervisors.map((supervisor) => supervisor.release(this)));
    await this.server.close().catch(() => {});
    this.onclose?.();
    this.#markClosed();
  }
}

/** Forwards one request to a server, carrying progress back under the client's own token. */
export function forward(
  supervisor: ServerSupervisor,
  session: GatewaySession,
  request: { method: string; params?: Record<string, unknown> },
  extra: RequestExtra,
): Promise<Result> {
  const token = extra._meta?.progressToken;
  let params = request.params;
  let onprogress: ((progress: Record<string, unknown>) => void) | undefined;
  if (token !== undefined && params?._meta) {
    // The SDK client puts its own token on the upstream request; ours would collide.
    const { progressToken: _ours, ...meta } = params._meta as Record<string, unknown>;
    params = { ...params, _meta: meta };
    if (Object.keys(meta).length === 0) delete params._meta;
    onprogress = (progress) => {
      extra
        .sendNotification({
          method: 'notifications/progress',
          params: { ...progress, progressToken: token },
        } as ServerNotification)
        .catch(() => {});
    };
  }
  return supervisor.request(
    session,
    extra.requestId,
    { method: request.method, ...(params ? { params } : {}) },
    {
      signal: extra.signal,
      ...(onprogress ? { onprogress } : {}),
    },
  );
}
