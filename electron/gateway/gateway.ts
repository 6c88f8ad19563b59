/**
 * The gateway engine: supervises the configured servers and serves them on one localhost
 * HTTP endpoint. Pure Node (no Electron): it runs headless as `switchboard serve` and inside
 * the desktop app's main process.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { ServerSummary } from '../../shared/server-status.ts';
import type { ServerSpec } from './config/servers-config.ts';
import { SettingsStore, type ServerOptions, type Settings } from './config/settings.ts';
import type { Identity } from '../../shared/clients.ts';
import type { HomeContext } from './client-configs/known-clients.ts';
import { ClientStore } from './identity/client-store.ts';
import { profileFor, profileIncludes } from './policy/tool-policy.ts';
import { GatewayHttpServer } from './http/gateway-http-server.ts';
import { LegacySseEndpoint } from './http/legacy-sse-endpoint.ts';
import { McpEndpoint, type McpSessionEntry } from './http/mcp-endpoint.ts';
import { loopbackPolicy } from './http/origin-guard.ts';
import type { GatewaySession } from './routing/gateway-session.ts';
import { syncSessionServers } from './routing/session-servers.ts';
import {
  createAggregateSession,
  createPassthroughSession,
  type SessionDeps,
} from './session-factory.ts';
import { ChildRegistry } from './upstream/child-registry.ts';
import type { ListKind } from './upstream/list-cache.ts';
import { ServerSupervisor } from './upstream/server-supervisor.ts';
import type { DownstreamPeer } from './upstream/downstream-peer.ts';
import { SessionNotifier } from './session-notifier.ts';
import { InstallJobs } from './installs/install-jobs.ts';
import { TrustServices, type TrustLog } from './trust-services.ts';
import { loadOrCreateAdminToken } from './admin/admin-token.ts';
import { createEngineService } from './admin/engine-service.ts';
import { AdminHttpCarrier } from './admin/http-carrier.ts';

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
  /** The `mcpServers` file the servers came from: servers added or removed at runtime are saved there. */
  configFile?: string;
  /** Whose AI-client config files to read and write (tests, sandboxes); the user's by default. */
  clientConfigHome?: HomeContext;
};

const AGGREGATE_PATH = '/mcp';

export class Gateway {
  readonly supervisors = new Map<string, ServerSupervisor>();
  readonly sessions = new Map<string, McpSessionEntry>();
  readonly registry: ChildRegistry;
  readonly adminToken: string;
  readonly clients: ClientStore;
  readonly trust: TrustServices;
  /** Catalog installs under way, for the dashboard's progress. */
  readonly installs = new InstallJobs();
  /** Where changes made through the admin API are saved (settings.json in the data dir). */
  readonly settingsStore: SettingsStore;
  /** Current settings; policies and profiles are read from here on every decision. */
  settings: Settings;
  /** 'status' (a ServerSummary) on every change of a server's status. */
  readonly #events = new EventEmitter();
  readonly #admin: AdminHttpCarrier;
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
    this.settings = options.settings;
    this.clients = new ClientStore(options.dataDir);
    this.clients.watch();
    this.trust = new TrustServices(options.dataDir, () => this.settings);
    this.trust.secretValues.remember(this.adminToken);
    this.clients.onRevoked((client) => void this.#closeSessionsOf(client.id));
    const limits = options.settings.limits;
    this.#notifier = new SessionNotifier(limits.listChangedDebounceMs);
    this.settingsStore = new SettingsStore(options.dataDir);
    for (const spec of options.servers)
      this.#mount(spec, options.settings.servers[spec.name] ?? {});
    const aggregate = new McpEndpoint(
      AGGREGATE_PATH,
      (id, identity) => this.#aggregateSession(id, identity),
      this.sessions,
      limits.maxBodyBytes,
    );
    this.#legacy = new LegacySseEndpoint(
      '/messages',
      (id, identity) => this.#aggregateSession(id, identity),
      limits.maxBodyBytes,
    );
    this.#admin = new AdminHttpCarrier(createEngineService(this), { adminToken: this.adminToken });
    this.#http = new GatewayHttpServer(
      {
        aggregate,
        passthrough: (name, identity) =>
          profileIncludes(profileFor(this.settings, identity.profile), name)
            ? this.#passthrough.get(name)
            : undefined,
        authenticate: (header) => this.#authenticate(header),
        legacy: this.#legacy,
        health: () => ({
          status: 'ok',
          version: GATEWAY_VERSION,
          servers: this.supervisors.size,
          sessions: this.sessions.size + this.#legacy.size,
        }),
        admin: this.#admin,
      },
      loopbackPolicy(options.extraHosts),
    );
  }

  /** Creates a server's supervisor and passthrough endpoint (not started yet). */
  #mount(spec: ServerSpec, serverOptions: ServerOptions): ServerSupervisor {
    const limits = this.options.settings.limits;
    const supervisor: ServerSupervisor = new ServerSupervisor(
      spec,
      serverOptions,
      limits,
      {
        onListChanged: (server, kinds, peer) => this.#listChanged(server, kinds, peer),
        // What a server answered before may no longer hold: its cached results go.
        onResourceUpdated: (server) => this.trust.results.invalidate(server),
        // A replaced supervisor still reports while it stops: only the current one counts.
        onStatus: () => {
          if (this.supervisors.get(spec.name) === supervisor) this.#statusChanged(supervisor);
        },
      },
      {
        registry: this.registry,
        ...(this.options.childPath ? { path: this.options.childPath } : {}),
        clientVersion: GATEWAY_VERSION,
        resolveSecrets: (server, profile) => this.trust.resolveSecrets(server, profile),
      },
    );
    this.supervisors.set(spec.name, supervisor);
    this.#passthrough.set(
      spec.name,
      new McpEndpoint(
        `/mcp/servers/${spec.name}`,
        (id, identity) => this.#passthroughSession(id, supervisor, identity),
        this.sessions,
        limits.maxBodyBytes,
      ),
    );
    return supervisor;
  }

  /** Adds a server while running: it starts in the background, and sessions hear of it. */
  addServer(spec: ServerSpec, serverOptions: ServerOptions = {}): ServerSupervisor {
    if (this.supervisors.has(spec.name))
      throw new Error(`a server named "${spec.name}" is already configured`);
    this.#setServerOptions(spec.name, serverOptions);
    const supervisor = this.#mount(spec, serverOptions);
    this.#syncAggregateSessions();
    if (this.url) void supervisor.start();
    return supervisor;
  }

  /** Stops a server for good; false when there is none by that name. */
  async removeServer(name: string): Promise<boolean> {
    const supervisor = this.supervisors.get(name);
    if (!supervisor) return false;
    this.supervisors.delete(name);
    this.#passthrough.delete(name);
    this.#setServerOptions(name, undefined);
    await this.#unmount(supervisor);
    return true;
  }

  #setServerOptions(name: string, serverOptions: ServerOptions | undefined): void {
    const { [name]: _old, ...servers } = this.settings.servers;
    if (serverOptions) servers[name] = serverOptions;
    this.settings = { ...this.settings, servers };
  }

  /** Passthrough sessions of a departing supervisor end; aggregated ones just lose it. */
  async #unmount(supervisor: ServerSupervisor): Promise<void> {
    const closing: GatewaySession[] = [];
    for (const [id, entry] of this.sessions) {
      if (entry.endpoint === AGGREGATE_PATH || !entry.session.supervisors.includes(supervisor))
        continue;
      this.sessions.delete(id);
      closing.push(entry.session);
    }
    this.#syncAggregateSessions();
    await Promise.all(closing.map((session) => session.close()));
    await supervisor.retire();
  }

  /** Profiles or policies changed: server lists follow the profiles, tool lists are re-read. */
  settingsChanged(): void {
    this.#syncAggregateSessions();
    for (const session of this.#allSessions()) this.#notifier.listChanged(session, ['tools']);
  }

  /** Brings each aggregated session's servers in line with the configuration and its profile. */
  #syncAggregateSessions(): void {
    const aggregated = [...this.sessions.values()]
      .filter((entry) => entry.endpoint === AGGREGATE_PATH)
      .map((entry) => entry.session);
    const visible = (identity: Identity) => this.#visibleSupervisors(identity);
    for (const session of syncSessionServers([...aggregated, ...this.#legacy.sessions], visible))
      this.#notifier.listChanged(session, ['tools', 'prompts', 'resources']);
  }

  /** Every change of a server's status, as a summary (for the admin API's events). */
  onServerStatus(listener: (summary: ServerSummary) => void): () => void {
    this.#events.on('status', listener);
    return () => this.#events.off('status', listener);
  }

  #emitStatus(supervisor: ServerSupervisor): void {
    if (this.#events.listenerCount('status') > 0) this.#events.emit('status', supervisor.summary());
  }

  /** A one-time link that logs a browser into the dashboard (single use, 10 minutes). */
  createLoginUrl(): string {
    return `${this.url}/login?code=${this.#admin.sessions.createLoginCode()}`;
  }

  /** Reaps children orphaned by an earlier hard kill, starts every server in parallel, then listens. */
  async start(log: TrustLog = console): Promise<{ url: string; port: number }> {
    this.registry.reapOrphans();
    await this.trust.open(log);
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
    // Calls waiting for consent are denied first. Their refusals travel through promise
    // continuations only, so one turn of the event loop writes them before the sessions close.
    this.trust.consent.shutdown();
    await new Promise((resolve) => setImmediate(resolve));
    this.#admin.close();
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
    this.trust.close();
    this.clients.close();
  }

  summaries(): ServerSummary[] {
    return [...this.supervisors.values()].map((supervisor) => supervisor.summary());
  }

  #allSessions(): GatewaySession[] {
    return [...[...this.sessions.values()].map((entry) => entry.session), ...this.#legacy.sessions];
  }

  #authenticate(header: string | undefined): Identity | undefined {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    const client = token ? this.clients.authenticate(token) : undefined;
    if (!client) return undefined;
    // A client may echo its own token into a call (arguments, results): the log scrubs it.
    this.trust.secretValues.remember(token!);
    return { clientId: client.id, clientName: client.name, profile: client.profile };
  }

  /** The servers a caller's profile lets it see, in configuration order. */
  #visibleSupervisors(identity: Identity): ServerSupervisor[] {
    const profile = profileFor(this.settings, identity.profile);
    return [...this.supervisors.values()].filter((supervisor) =>
      profileIncludes(profile, supervisor.name),
    );
  }

  async #closeSessionsOf(clientId: string): Promise<void> {
    const closing = this.#allSessions().filter((session) => session.identity.clientId === clientId);
    for (const [id, entry] of this.sessions)
      if (entry.identity.clientId === clientId) this.sessions.delete(id);
    await Promise.all(closing.map((session) => session.close()));
  }

  #sessionDeps(): SessionDeps {
    return {
      version: GATEWAY_VERSION,
      gate: this.trust.gate,
      consent: this.trust.consent,
      limits: this.options.settings.limits,
    };
  }

  async #aggregateSession(sessionId: string, identity: Identity): Promise<GatewaySession> {
    return createAggregateSession(
      sessionId,
      identity,
      this.#visibleSupervisors(identity),
      this.#sessionDeps(),
    );
  }

  #passthroughSession(
    sessionId: string,
    supervisor: ServerSupervisor,
    identity: Identity,
  ): Promise<GatewaySession> {
    return createPassthroughSession(sessionId, identity, supervisor, this.#sessionDeps());
  }

  #listChanged(server: string, kinds: ListKind[], peer: DownstreamPeer | undefined): void {
    this.trust.results.invalidate(server);
    for (const session of this.#allSessions()) {
      if (peer && session !== peer) continue;
      if (!session.supervisors.some((supervisor) => supervisor.name === server)) continue;
      this.#notifier.listChanged(session, kinds);
    }
  }

  /** A server coming up or going down changes what the aggregated lists contain. */
  #statusChanged(supervisor: ServerSupervisor): void {
    this.#emitStatus(supervisor);
    this.trust.results.invalidate(supervisor.name); // a restarted server starts afresh
    const state = supervisor.primary.status.state;
    if (state === 'starting' || state === 'backoff') return;
    // Once its tools are known, report again: the summary then carries the tool count.
    if (state === 'running')
      void supervisor.list(undefined, 'tools').then(
        () => this.#emitStatus(supervisor),
        () => {},
      );
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
