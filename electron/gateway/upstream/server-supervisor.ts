/**
 * Owns everything about one configured server: the primary connection (status, discovery,
 * and the shared connection in `shared` mode), connections dedicated to sessions or clients,
 * lazy start and idle stop, and which session a message from the server belongs to.
 */
import {
  McpError,
  ErrorCode,
  type JSONRPCRequest,
  type Notification,
  type RequestId,
  type Result,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { IsolationMode, ServerSummary } from '../../../shared/server-status.ts';
import type { ServerSpec } from '../config/servers-config.ts';
import type { GatewayLimits, ServerOptions } from '../config/settings.ts';
import type { DownstreamPeer } from './downstream-peer.ts';
import { LIST_CHANGED, ListCache, type ListKind, type ListItem } from './list-cache.ts';
import type { Lane, SupervisorContext, SupervisorEvents } from './supervisor-types.ts';
import { LineRingBuffer } from './ring-buffer.ts';
import { UpstreamConnection } from './upstream-connection.ts';

export type { SupervisorContext, SupervisorEvents } from './supervisor-types.ts';

export const DEFAULT_ISOLATION: Record<ServerSpec['kind'], IsolationMode> = {
  stdio: 'per-session',
  http: 'per-session',
  sse: 'per-session',
};

export class ServerSupervisor {
  readonly stderr = new LineRingBuffer();
  /** Tools of this server left out of its lists as malformed (each said once). */
  readonly #leftOut = new Set<string>();
  readonly isolation: IsolationMode;
  readonly #primary: Lane;
  readonly #dedicated = new Map<string, Lane>();
  #lastUsed = Date.now();
  #idleTimer?: NodeJS.Timeout;
  /** Stopped on purpose (until started again), or removed: neither use nor stale routes start it. */
  #held?: 'stopped' | 'removed';

  readonly spec: ServerSpec;

  readonly options: ServerOptions;

  readonly limits: GatewayLimits;

  readonly events: SupervisorEvents;

  readonly context: SupervisorContext;

  constructor(
    spec: ServerSpec,
    options: ServerOptions,
    limits: GatewayLimits,
    events: SupervisorEvents,
    context: SupervisorContext,
  ) {
    this.spec = spec;

    this.options = options;

    this.limits = limits;

    this.events = events;

    this.context = context;
    this.isolation = options.isolation ?? DEFAULT_ISOLATION[spec.kind];
    // The primary lane declares no client features: it has no session to ask.
    this.#primary = this.#lane(
      { name: 'switchboard', version: context.clientVersion },
      {},
      undefined,
    );
    this.#primary.connection.onStatus(() => events.onStatus(spec.name));
  }

  get name(): string {
    return this.spec.name;
  }
  /** The name in front of `__`; "" means names pass unprefixed. */
  get prefix(): string {
    return this.options.prefix ?? this.spec.name;
  }
  get primary(): UpstreamConnection {
    return this.#primary.connection;
  }

  #lane(
    clientInfo: DownstreamPeer['clientInfo'],
    capabilities: DownstreamPeer['clientCapabilities'],
    owner: DownstreamPeer | undefined,
    profile?: string,
  ): Lane {
    const lane: Lane = {
      connection: undefined!,
      lists: undefined!,
      users: new Map(),
      subscriptions: new Map(),
    };
    lane.connection = new UpstreamConnection(this.spec, {
      clientInfo,
      capabilities,
      limits: this.limits,
      context: {
        stderr: this.stderr,
        ...(this.context.registry ? { registry: this.context.registry } : {}),
        ...(this.context.path ? { path: this.context.path } : {}),
        ...(this.context.resolveSecrets
          ? { resolveSecrets: () => this.context.resolveSecrets!(this.spec, profile) }
          : {}),
      },
      handlers: {
        onRequest: (request, signal) => this.#fromServerRequest(lane, owner, request, signal),
        onNotification: (notification) => this.#fromServerNotification(lane, owner, notification),
      },
    });
    // Said where the user looks for a server's troubles: its stderr tail (servers:stderr).
    // Once per tool, not for every lane and every list_changed.
    lane.lists = new ListCache(lane.connection, ({ name, reason }) => {
      if (this.#leftOut.has(name)) return;
      this.#leftOut.add(name);
      this.stderr.push(`switchboard: left out tool "${name}" (${reason})\n`);
    });
    return lane;
  }

  /** Starts the primary connection unless the server is lazy (and not `force`d). Never throws: failures show in the status. */
  async start(force = false): Promise<void> {
    if (this.#held === 'removed') return;
    this.#held = undefined;
    clearInterval(this.#idleTimer);
    this.#armIdleTimer();
    if (this.options.lazy && !force) return;
    await this.#primary.connection.start().catch(() => {});
  }

  /** Stops every connection; the server stays stopped, even when used, until start or restart. */
  async stop(): Promise<void> {
    this.#held ??= 'stopped';
    clearInterval(this.#idleTimer);
    const lanes = [this.#primary, ...this.#dedicated.values()];
    this.#dedicated.clear();
    await Promise.all(lanes.map((lane) => lane.connection.stop()));
  }

  async retire(): Promise<void> {
    this.#held = 'removed';
    await this.stop();
  }

  async restart(): Promise<void> {
    if (this.#held === 'removed') return;
    if (this.#held) return this.start(true);
    await this.#primary.connection.stop();
    await this.#primary.connection.start().catch(() => {});
  }

  #laneKey(peer: DownstreamPeer): string | undefined {
    if (this.isolation === 'per-session') return `session:${peer.sessionId}`;
    if (this.isolation === 'per-client') return `client:${peer.clientKey}`;
    return undefined;
  }

  /** The lane a session's requests go to, created (and started in the background) on first use. */
  laneFor(peer: DownstreamPeer): Lane {
    const key = this.#laneKey(peer);
    // Shared: the primary is the lane, and it too must know its users (see `request`, `#route`).
    let lane = key ? this.#dedicated.get(key) : this.#primary;
    if (!lane) {
      lane = this.#lane(
        peer.clientInfo,
        peer.clientCapabilities,
        this.isolation === 'per-session' ? peer : undefined,
        peer.profile,
      );
      this.#dedicated.set(key!, lane);
      if (!this.#held) lane.connection.start().catch(() => {});
      // In use again after an idle stop: bring back the connection status and discovery come from.
      if (!this.#held && this.#primary.connection.status.state === 'stopped')
        this.#primary.connection.start().catch(() => {});
    }
    if (!lane.users.has(peer)) lane.users.set(peer, []);
    return lane;
  }

  /** Called when a session ends: closes the lane it alone was using. */
  async release(peer: DownstreamPeer): Promise<void> {
    for (const lane of [this.#primary, ...this.#dedicated.values()]) {
      lane.users.delete(peer);
      for (const peers of lane.subscriptions.values()) peers.delete(peer);
    }
    const key = this.#laneKey(peer);
    const lane = key ? this.#dedicated.get(key) : undefined;
    if (key && lane && lane.users.size === 0) {
      this.#dedicated.delete(key);
      await lane.connection.stop();
    }
  }

  /** A session's view of a list: its own lane's once that runs, else the primary's. */
  async list(peer: DownstreamPeer | undefined, kind: ListKind): Promise<ListItem[]> {
    this.#touch();
    this.#assertUsable();
    const key = peer && this.#laneKey(peer);
    const own = key ? this.#dedicated.get(key) : undefined;
    if (own?.connection.status.state === 'running') return own.lists.get(kind);
    try {
      return await this.#primary.lists.get(kind);
    } catch (error) {
      if (!own) throw error;
      return own.lists.get(kind);
    }
  }

  /** Forwards a session's request on its lane, remembering it so server->client traffic finds its way back. */
  async request(
    peer: DownstreamPeer,
    downstreamId: RequestId,
    request: { method: string; params?: Record<string, unknown> },
    options: RequestOptions,
  ): Promise<Result> {
    this.#touch();
    this.#assertUsable();
    const lane = this.laneFor(peer);
    const inFlight = lane.users.get(peer)!;
    inFlight.push(downstreamId);
    try {
      const result = await lane.connection.request(request, options);
      this.#trackSubscription(lane, peer, request);
      return result;
    } finally {
      const index = inFlight.indexOf(downstreamId);
      if (index >= 0) inFlight.splice(index, 1);
    }
  }

  /** Forwards a notification (cancellation is the SDK's job; this is e.g. roots/list_changed). */
  async notify(peer: DownstreamPeer, notification: Notification): Promise<void> {
    const key = this.#laneKey(peer);
    const lane = key ? this.#dedicated.get(key) : undefined;
    // Shared lanes never get one session's notifications: they would reach the others' state.
    await lane?.connection.notify(notification);
  }

  #trackSubscription(
    lane: Lane,
    peer: DownstreamPeer,
    request: { method: string; params?: Record<string, unknown> },
  ): void {
    const uri = request.params?.uri;
    if (typeof uri !== 'string') return;
    if (request.method === 'resources/subscribe') {
      const peers = lane.subscriptions.get(uri) ?? new Set();
      peers.add(peer);
      lane.subscriptions.set(uri, peers);
    } else if (request.method === 'resources/unsubscribe') {
      lane.subscriptions.get(uri)?.delete(peer);
    }
  }

  /**
   * Which session a message from the server is for. A dedicated lane has one owner. On a shared
   * lane, only a message that can belong to exactly one session is delivered: never a guess.
   */
  #route(
    lane: Lane,
    owner: DownstreamPeer | undefined,
  ): { peer: DownstreamPeer; related: RequestId | undefined } | undefined {
    const latest = (peer: DownstreamPeer) => lane.users.get(peer)?.at(-1);
    if (owner) return { peer: owner, related: latest(owner) };
    if (lane === this.#primary) {
      // Shared between clients: being the one busy session is no proof a message is yours
      // (a server may log from a timer another session started). Deliver only when unambiguous.
      if (lane.users.size !== 1) return undefined;
      const [peer] = lane.users.keys();
      return { peer: peer!, related: latest(peer!) };
    }
    // Per-client: all sessions share one identity; the busy one is the best match.
    const busy = [...lane.users.entries()].filter(([, ids]) => ids.length > 0);
    if (busy.length === 1) return { peer: busy[0]![0], related: busy[0]![1].at(-1) };
    if (busy.length === 0 && lane.users.size === 1) {
      const [peer] = lane.users.keys();
      return { peer: peer!, related: undefined };
    }
    return undefined;
  }

  async #fromServerRequest(
    lane: Lane,
    owner: DownstreamPeer | undefined,
    request: JSONRPCRequest,
    signal: AbortSignal,
  ): Promise<Result> {
    const target = this.#route(lane, owner);
    if (!target) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `switchboard cannot tell which client "${request.method}" from server "${this.name}" is for (it is shared between sessions); configure the server with isolation "per-session"`,
      );
    }
    return target.peer.requestFromServer(this.name, request, target.related, signal);
  }

  #fromServerNotification(
    lane: Lane,
    owner: DownstreamPeer | undefined,
    notification: Notification,
  ): void {
    const changed = LIST_CHANGED[notification.method];
    if (changed) {
      lane.lists.invalidate(changed);
      this.events.onListChanged(
        this.name,
        changed,
        lane === this.#primary ? undefined : (owner ?? [...lane.users.keys()][0]),
      );
      return;
    }
    if (notification.method === 'notifications/resources/updated') {
      this.events.onResourceUpdated?.(this.name);
      const uri = notification.params?.uri;
      const peers = typeof uri === 'string' ? lane.subscriptions.get(uri) : undefined;
      for (const peer of peers ?? []) peer.notifyFromServer(this.name, notification, undefined);
      return;
    }
    const target = this.#route(lane, owner);
    target?.peer.notifyFromServer(this.name, notification, target.related);
  }

  /** The primary connection, started if need be, unless the server was stopped or removed. */
  async ready(): Promise<void> {
    this.#assertUsable();
    await this.#primary.connection.ready();
  }

  #assertUsable(): void {
    if (this.#held === 'removed') throw new Error(`server "${this.name}" was removed`);
    if (this.#held) throw new Error(`server "${this.name}" was stopped; start it from Switchboard`);
  }

  #touch(): void {
    this.#lastUsed = Date.now();
  }

  #armIdleTimer(): void {
    const idleMs = (this.options.idleStopSeconds ?? 0) * 1000;
    if (!idleMs) return;
    this.#idleTimer = setInterval(
      () => {
        const idle = Date.now() - this.#lastUsed >= idleMs;
        if (
          idle &&
          this.#dedicated.size === 0 &&
          this.#primary.connection.status.state === 'running'
        ) {
          void this.#primary.connection.stop();
        }
      },
      Math.max(250, idleMs / 4),
    );
    this.#idleTimer.unref();
  }

  summary(): ServerSummary {
    const lists = this.#primary.lists;
    return {
      name: this.name,
      transport: this.spec.kind,
      status: this.#primary.connection.status,
      isolation: this.isolation,
      lazy: Boolean(this.options.lazy),
      toolCount: lists.peek('tools').length,
      promptCount: lists.peek('prompts').length,
      resourceCount: lists.peek('resources').length,
      restarts: this.#primary.connection.restarts,
      sessionConnections: this.#dedicated.size,
      stderrTail: this.stderr.tail(50),
    };
  }
}
