/**
 * The gateway engine: supervises the configured servers and serves them on one localhost
 * HTTP endpoint. Pure Node (no Electron): it runs headless as `switchboard serve` and inside
 * the desktop app's main process.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerSummary } from '../../shared/server-status.ts';
import type { ServerSpec } from './config/servers-config.ts';
import type { Settings } from './config/settings.ts';
import { GatewayHttpServer } from './http/gateway-http-server.ts';
import { LegacySseEndpoint } from './http/legacy-sse-endpoint.ts';
import { McpEndpoint, type McpSessionEntry } from './http/mcp-endpoint.ts';
import { loopbackPolicy } from './http/origin-guard.ts';
import { AggregateRouter } from './routing/aggregate-router.ts';
import { GatewaySession } from './routing/gateway-session.ts';
import { PassthroughRouter } from './routing/passthrough-router.ts';
import { aggregateCapabilities, combinedInstructions } from './session-capabilities.ts';
import { ChildRegistry } from './upstream/child-registry.ts';
import type { ListKind } from './upstream/list-cache.ts';
import { ServerSupervisor } from './upstream/server-supervisor.ts';
import type { DownstreamPeer } from './upstream/downstream-peer.ts';
import { SessionNotifier } from './session-notifier.ts';

export const GATEWAY_VERSION = '0.1.0';

export type GatewayOptions = {
  servers: ServerSpec[];
  settings: Settings;
  dataDir: string;
  host?: string;
  port?: number;
  /** Extra Host names accepted besides loopback ones (with --allow-remote). */
  extraHosts?: string[];
  /** PATH for children, e.g. the login shell's when started from a desktop session. */
  childPath?: string;
};

export class Gateway {
  readonly supervisors = new Map<string, ServerSupervisor>();
  readonly sessions = new Map<string, McpSessionEntry>();
  readonly registry: ChildRegistry;
  readonly adminToken: string;
  readonly #notifier: SessionNotifier;
  readonly #http: GatewayHttpServer;
  readonly #legacy: LegacySseEndpoint;
  readonly #passthrough = new Map<string, McpEndpoint>();
  #sweepTimer?: NodeJS.Timeout;
  url = '';

  readonly options: GatewayOptions;

  constructor(options: GatewayOptions) {
    this.options = options;
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    this.registry = new ChildRegistry(options.dataDir);
    this.adminToken = loadOrCreateAdminToken(options.dataDir);
    const limits = options.settings.limits;
    this.#notifier = new SessionNotifier(limits.listChangedDebounceMs);
    for (const spec of options.servers) {
      const supervisor = new ServerSupervisor(
        spec,
        options.settings.servers[spec.name] ?? {},
        limits,
        {
          onListChanged: (server, kinds, peer) => this.#listChanged(server, kinds, peer),
          onStatus: (server) => this.#statusChanged(server),
        },
        {
          registry: this.registry,
          ...(options.childPath ? { path: options.childPath } : {}),
          clientVersion: GATEWAY_VERSION,
        },
      );
      this.supervisors.set(spec.name, supervisor);
      this.#passthrough.set(
        spec.name,
        new McpEndpoint(
          `/mcp/servers/${spec.name}`,
          (id) => this.#passthroughSession(id, supervisor),
          this.sessions,
          limits.maxBodyBytes,
        ),
      );
    }
    const aggregate = new McpEndpoint(
      '/mcp',
      (id) => this.#aggregateSession(id),
      this.sessions,
      limits.maxBodyBytes,
    );
    this.#legacy = new LegacySseEndpoint(
      '/messages',
      (id) => this.#aggregateSession(id),
      limits.maxBodyBytes,
    );
    this.#http = new GatewayHttpServer(
      {
        aggregate,
        passthrough: (name) => this.#passthrough.get(name),
        legacy: this.#legacy,
        health: () => ({
          status: 'ok',
          version: GATEWAY_VERSION,
          servers: this.supervisors.size,
          sessions: this.sessions.size + this.#legacy.size,
        }),
        serverSummaries: () => this.summaries(),
      },
      loopbackPolicy(options.extraHosts),
      this.adminToken,
    );
  }

  /** Reaps children orphaned by an earlier hard kill, starts every server in parallel, then listens. */
  async start(): Promise<{ url: string; port: number }> {
    this.registry.reapOrphans();
    const address = await this.#http.listen(
      this.options.port ?? 0,
      this.options.host ?? '127.0.0.1',
    );
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    // Servers start in the background: the endpoint answers at once, fail-open.
    for (const supervisor of this.supervisors.values()) void supervisor.start();
    this.#sweepTimer = setInterval(() => this.#sweepIdleSessions(), 30_000);
    this.#sweepTimer.unref();
    return { url: this.url, port: address.port };
  }

  /** Waits until every non-lazy server has either started or given up its first attempt. */
  async whenSettled(): Promise<void> {
    await Promise.all(
      [...this.supervisors.values()]
        .filter((s) => !s.options.lazy)
        .map((s) => s.primary.start().catch(() => {})),
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.#sweepTimer);
    this.#notifier.clear();
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(
      sessions.map(async ({ transport, session }) => {
        await transport.close();
        await session.close();
      }),
    );
    await this.#legacy.closeAll();
    await Promise.all([...this.supervisors.values()].map((supervisor) => supervisor.stop()));
    await this.#http.close();
  }

  summaries(): ServerSummary[] {
    return [...this.supervisors.values()].map((supervisor) => supervisor.summary());
  }

  #allSessions(): GatewaySession[] {
    return [...[...this.sessions.values()].map((entry) => entry.session), ...this.#legacy.sessions];
  }

  async #aggregateSession(sessionId: string): Promise<GatewaySession> {
    const supervisors = [...this.supervisors.values()];
    const { limits } = this.options.settings;
    const instructions = combinedInstructions(supervisors);
    return new GatewaySession({
      sessionId,
      clientKey: sessionId,
      serverInfo: { name: 'switchboard', version: GATEWAY_VERSION },
      capabilities: aggregateCapabilities(supervisors),
      ...(instructions ? { instructions } : {}),
      supervisors,
      router: new AggregateRouter(supervisors, limits),
      requestTimeoutMs: limits.requestTimeoutMs,
    });
  }

  async #passthroughSession(
    sessionId: string,
    supervisor: ServerSupervisor,
  ): Promise<GatewaySession> {
    try {
      await supervisor.primary.ready();
    } catch (error) {
      throw new Error(
        `server "${supervisor.name}" is unavailable: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    const primary = supervisor.primary;
    return new GatewaySession({
      sessionId,
      clientKey: sessionId,
      serverInfo: primary.serverInfo ?? { name: supervisor.name, version: 'unknown' },
      capabilities: primary.serverCapabilities ?? {},
      ...(primary.instructions ? { instructions: primary.instructions } : {}),
      supervisors: [supervisor],
      router: new PassthroughRouter(supervisor),
      requestTimeoutMs: this.options.settings.limits.requestTimeoutMs,
    });
  }

  #listChanged(server: string, kinds: ListKind[], peer: DownstreamPeer | undefined): void {
    for (const session of this.#allSessions()) {
      if (peer && session !== peer) continue;
      if (!session.supervisors.some((supervisor) => supervisor.name === server)) continue;
      this.#notifier.listChanged(session, kinds);
    }
  }

  /** A server coming up or going down changes what the aggregated lists contain. */
  #statusChanged(server: string): void {
    const state = this.supervisors.get(server)?.primary.status.state;
    if (state === 'starting' || state === 'backoff') return;
    if (state === 'running')
      void this.supervisors
        .get(server)
        ?.list(undefined, 'tools')
        .catch(() => {});
    for (const session of this.#allSessions()) {
      if (session.supervisors.length > 1)
        this.#notifier.listChanged(session, ['tools', 'prompts', 'resources']);
    }
  }

  #sweepIdleSessions(): void {
    const cutoff = Date.now() - this.options.settings.limits.sessionIdleMs;
    for (const [id, entry] of this.sessions) {
      entry.transport.prune();
      if (entry.transport.lastActivity < cutoff) {
        this.sessions.delete(id);
        void entry.transport.close().then(() => entry.session.close());
      }
    }
  }
}

function loadOrCreateAdminToken(dataDir: string): string {
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}
