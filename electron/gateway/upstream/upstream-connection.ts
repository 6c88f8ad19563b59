/**
 * One connection to one upstream server, owning its state machine:
 * stopped -> starting -> running -> (crash) -> backoff -> starting ... -> failed.
 * The SDK Client does the protocol; this class does the life cycle.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ResultSchema,
  type ClientCapabilities,
  type Implementation,
  type JSONRPCRequest,
  type Notification,
  type Result,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import type { ConnectionStatus } from '../../../shared/server-status.ts';
import type { ServerSpec } from '../config/servers-config.ts';
import type { GatewayLimits } from '../config/settings.ts';
import { backoffDelay } from './backoff.ts';
import { asWireError } from './wire-error.ts';
import {
  createTransport,
  shouldFallBackToSse,
  type TransportContext,
} from './upstream-transport.ts';

/** How long a server must run before a crash counts as a fresh failure rather than a repeat. */
const STABLE_RUN_MS = 60_000;

export type UpstreamHandlers = {
  /** A request the server sends to its client (sampling, elicitation, roots, …). */
  onRequest: (request: JSONRPCRequest, signal: AbortSignal) => Promise<Result>;
  /** Any notification other than progress and cancellation (the SDK routes those itself). */
  onNotification: (notification: Notification) => void;
};

export type UpstreamOptions = {
  clientInfo: Implementation;
  capabilities: ClientCapabilities;
  handlers: UpstreamHandlers;
  limits: GatewayLimits;
  context: TransportContext;
};

export class UpstreamConnection {
  #status: ConnectionStatus = { state: 'stopped' };
  #client?: Client;
  #attempt = 0;
  #restarts = 0;
  #starting?: Promise<void>;
  #retryTimer?: NodeJS.Timeout;
  #pingTimer?: NodeJS.Timeout;
  #stopping = false;
  #runningSince = 0;
  readonly #listeners = new Set<(status: ConnectionStatus) => void>();

  readonly spec: ServerSpec;

  readonly options: UpstreamOptions;

  constructor(spec: ServerSpec, options: UpstreamOptions) {
    this.spec = spec;

    this.options = options;
  }

  get status(): ConnectionStatus {
    return this.#status;
  }
  get restarts(): number {
    return this.#restarts;
  }
  get serverCapabilities(): ServerCapabilities | undefined {
    return this.#client?.getServerCapabilities();
  }
  get serverInfo(): Implementation | undefined {
    return this.#client?.getServerVersion();
  }
  get instructions(): string | undefined {
    return this.#client?.getInstructions();
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }

  /** Starts (or joins a start in progress); resolves when running, rejects when this attempt failed. */
  start(): Promise<void> {
    if (this.#status.state === 'running') return Promise.resolve();
    this.#stopping = false;
    clearTimeout(this.#retryTimer);
    this.#starting ??= this.#connect().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  async #connect(): Promise<void> {
    this.#setStatus({ state: 'starting', attempt: this.#attempt });
    try {
      await this.#connectOnce(false).catch((error: unknown) => {
        if (!shouldFallBackToSse(this.spec, error)) throw error;
        return this.#connectOnce(true);
      });
    } catch (error) {
      this.#scheduleRetry(error);
      throw error;
    }
    const runningSince = Date.now();
    this.#runningSince = runningSince;
    this.#setStatus({
      state: 'running',
      since: runningSince,
      ...(this.#pid() ? { pid: this.#pid()! } : {}),
    });
    this.#schedulePing();
  }

  async #connectOnce(preferSse: boolean): Promise<void> {
    const { clientInfo, capabilities, handlers, limits, context } = this.options;
    const client = new Client(clientInfo, { capabilities });
    client.fallbackRequestHandler = (request, extra) =>
      handlers.onRequest(request, extra.signal).catch((error: unknown) => {
        throw asWireError(error);
      });
    client.fallbackNotificationHandler = async (notification) =>
      handlers.onNotification(notification);
    client.onerror = () => {}; // transport errors surface as close or as failed requests
    const secrets = await context.resolveSecrets?.();
    const transport = createTransport(
      this.spec,
      secrets ? { ...context, secretEnv: secrets.env, secretHeaders: secrets.headers } : context,
      preferSse,
    );
    const timeout = AbortSignal.timeout(limits.startTimeoutMs);
    try {
      await client.connect(transport, { timeout: limits.startTimeoutMs, signal: timeout });
    } catch (error) {
      await transport.close().catch(() => {});
      const tail = context.stderr.tail(5).join('\n').trim();
      throw new Error(`${(error as Error).message}${tail ? `\n${tail}` : ''}`, { cause: error });
    }
    client.onclose = () => this.#onUnexpectedClose(client);
    this.#client = client;
  }

  #pid(): number | undefined {
    const transport = this.#client?.transport as { pid?: number } | undefined;
    return transport?.pid;
  }

  #onUnexpectedClose(client: Client): void {
    if (client !== this.#client) return;
    this.#client = undefined;
    clearTimeout(this.#pingTimer);
    if (this.#stopping) return;
    // A server that ran for a good while before failing has recovered since its last crash.
    if (Date.now() - this.#runningSince >= STABLE_RUN_MS) this.#attempt = 0;
    const lastLine = this.options.context.stderr.tail(1)[0] ?? 'connection closed';
    this.#scheduleRetry(new Error(`server exited: ${lastLine}`));
  }

  #scheduleRetry(error: unknown): void {
    if (this.#stopping) return;
    const message = error instanceof Error ? error.message : String(error);
    const { restartBaseMs, restartCapMs, maxRestarts } = this.options.limits;
    this.#attempt += 1;
    // Some failures (a missing secret) will not heal by retrying: say so at once.
    if (this.#attempt > maxRestarts || (error as { permanent?: unknown }).permanent === true) {
      this.#setStatus({ state: 'failed', error: message });
      return;
    }
    const delay = backoffDelay(this.#attempt, restartBaseMs, restartCapMs);
    this.#setStatus({
      state: 'backoff',
      attempt: this.#attempt,
      retryAt: Date.now() + delay,
      lastError: message,
    });
    this.#retryTimer = setTimeout(() => {
      this.#restarts += 1;
      this.start().catch(() => {}); // the next failure is recorded in the status
    }, delay);
    this.#retryTimer.unref();
  }

  #schedulePing(): void {
    const every = this.options.limits.healthPingMs;
    if (!every) return;
    this.#pingTimer = setTimeout(async () => {
      const client = this.#client;
      if (!client) return;
      try {
        await client.ping({ timeout: Math.min(every, 10_000) });
        // A server that has stayed up for a whole ping interval has recovered: forget old failures.
        this.#attempt = 0;
        this.#schedulePing();
      } catch {
        this.options.context.stderr.push('[switchboard] health ping failed; restarting\n');
        await client.close().catch(() => {});
      }
    }, every);
    this.#pingTimer.unref();
  }

  /**
   * Waits until the connection can take a request: starts a stopped (lazy) or failed server,
   * but fails fast while in backoff so a crash-looping server is not respawned per request.
   */
  async ready(): Promise<void> {
    const status = this.#status;
    if (status.state === 'running') return;
    if (status.state === 'backoff') {
      const seconds = Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000));
      throw new Error(
        `server "${this.spec.name}" is restarting after a failure (${status.lastError.split('\n')[0]}); next try in ${seconds}s`,
      );
    }
    await this.start();
  }

  /** Forwards a request as is; the result is checked only for being a JSON-RPC result object. */
  async request(
    request: { method: string; params?: Record<string, unknown> },
    options: RequestOptions,
  ): Promise<Result> {
    await this.ready();
    const client = this.#client;
    if (!client) throw new Error(`server "${this.spec.name}" is not running`);
    return client.request(request as never, ResultSchema, {
      timeout: this.options.limits.requestTimeoutMs,
      resetTimeoutOnProgress: true,
      ...options,
    });
  }

  async notify(notification: Notification): Promise<void> {
    await this.#client?.notification(notification as never);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#retryTimer);
    await this.#starting?.catch(() => {});
    clearTimeout(this.#pingTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.close().catch(() => {});
    this.#attempt = 0;
    this.#setStatus({ state: 'stopped' });
  }
}
