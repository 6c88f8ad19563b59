/**
 * The gateway inside the desktop app's main process: loads the same servers file and
 * settings.json as `switchboard serve` (same data dir, same `conf` file), gives children the
 * login shell's PATH when the app was started from a desktop session, and exposes the engine
 * service the IPC carrier calls. Starting never throws: a failure becomes the host's status.
 */
import type { ServerSummary } from '../../shared/server-status.ts';
import type { EngineService } from '../gateway/admin/engine-service.ts';
import type { ConsentBroker } from '../gateway/consent/consent-broker.ts';
import { loadServersConfig } from '../gateway/config/servers-config.ts';
import { SettingsStore } from '../gateway/config/settings.ts';
import { ensureDefaultServersFile } from '../gateway/cli/default-servers.ts';
import { removeGatewayFile, writeGatewayFile } from '../gateway/cli/runtime-files.ts';
import { Gateway, type GatewayOptions } from '../gateway/gateway.ts';
import { keepYoungGenerationSmall } from '../gateway/young-generation.ts';
import { mergePaths, resolveLoginShellPath } from '../gateway/upstream/login-shell-path.ts';

export type HostStatus =
  | { state: 'starting' }
  | { state: 'running'; url: string }
  | { state: 'failed'; error: string }
  | { state: 'stopping' }
  | { state: 'stopped' };

export type HostLog = Pick<Console, 'info' | 'warn'>;
export type HostService = Pick<EngineService, 'call' | 'subscribe'>;
/** What the gateway host needs of a gateway (the real one, or a test's fake). */
export type HostedGateway = Pick<Gateway, 'start' | 'stop' | 'summaries' | 'url'> & {
  trust: { consent: ConsentBroker };
};

export type GatewayHostOptions = {
  dataDir: string;
  port: number;
  /** An `mcpServers` file; default: the data dir's mcp.json, created with demo servers. */
  configFile?: string;
  /** Ask the login shell for PATH (apps started from a desktop session get a minimal one). */
  useLoginShellPath: boolean;
  createService: (gateway: Gateway) => HostService;
  log?: HostLog;
  /** Seams for tests. */
  createGateway?: (options: GatewayOptions) => HostedGateway;
  resolvePath?: () => Promise<string | undefined>;
};

/** Started from a terminal, PATH is already the shell's; from a launcher or Finder, it is not. */
export function launchedFromDesktopSession(
  platform: NodeJS.Platform,
  stdinIsTty: boolean | undefined,
): boolean {
  return platform !== 'win32' && !stdinIsTty;
}

export class GatewayHost {
  readonly #options: GatewayHostOptions;
  readonly #log: HostLog;
  readonly #listeners = new Set<() => void>();
  #status: HostStatus = { state: 'starting' };
  #gateway?: HostedGateway;
  #service?: HostService;
  #unsubscribe?: () => void;
  #wroteGatewayFile = false;
  #starting?: Promise<void>;
  #stopping?: Promise<void>;
  /** Servers the tray paused, to start again on resume. */
  #paused: string[] | undefined;

  constructor(options: GatewayHostOptions) {
    this.#options = options;
    this.#log = options.log ?? console;
  }

  get status(): HostStatus {
    return this.#status;
  }

  get service(): HostService | undefined {
    return this.#status.state === 'running' ? this.#service : undefined;
  }

  get consent(): ConsentBroker | undefined {
    return this.#gateway?.trust.consent;
  }

  get paused(): boolean {
    return this.#paused !== undefined;
  }

  /** The gateway's origin (http://127.0.0.1:port) while it listens. */
  origin(): string | undefined {
    return this.#status.state === 'running' ? new URL(this.#status.url).origin : undefined;
  }

  summaries(): ServerSummary[] {
    return this.#gateway && this.#status.state === 'running' ? this.#gateway.summaries() : [];
  }

  /** Called on every change of the host's status or of a server's. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  /** Settles once a start has run its course (running or failed); at once if none began. */
  whenStarted(): Promise<void> {
    return this.#starting ?? Promise.resolve();
  }

  async #start(): Promise<void> {
    keepYoungGenerationSmall();
    try {
      const { dataDir, port } = this.#options;
      const configFile = this.#options.configFile ?? ensureDefaultServersFile(dataDir).file;
      const servers = await loadServersConfig(configFile);
      const settings = new SettingsStore(dataDir).read();
      const loginPath = this.#options.useLoginShellPath
        ? await (this.#options.resolvePath ?? resolveLoginShellPath)()
        : undefined;
      const options: GatewayOptions = {
        servers,
        settings,
        dataDir,
        port,
        configFile,
        ...(loginPath ? { childPath: mergePaths(loginPath) } : {}),
      };
      if (this.#stopping) return; // quit before the gateway existed: nothing to start
      const gateway = (this.#options.createGateway ?? ((o) => new Gateway(o)))(options);
      this.#gateway = gateway;
      const { url } = await gateway.start(this.#log);
      if (this.#stopping) return; // quit while starting: stop() stops it once started
      this.#service = this.#options.createService(gateway as Gateway);
      this.#unsubscribe = this.#service.subscribe('servers:status-changed', () => this.#changed());
      writeGatewayFile(dataDir, { url, pid: process.pid });
      this.#wroteGatewayFile = true;
      this.#log.info(`switchboard: gateway listening on ${url} (${servers.length} servers)`);
      this.#setStatus({ state: 'running', url });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#log.warn(`switchboard: the gateway did not start: ${message}`);
      // E.g. the port is taken: whatever did start (the secret store, the call log) closes.
      await this.#gateway?.stop().catch(() => {});
      this.#gateway = undefined;
      this.#setStatus({ state: 'failed', error: message });
    }
  }

  /** Stops every server and the listener; safe to call more than once. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    // A gateway half started would leave children behind: let the start finish first.
    await this.#starting;
    this.#setStatus({ state: 'stopping' });
    this.#unsubscribe?.();
    try {
      await this.#gateway?.stop();
    } finally {
      // Only our own: another gateway (say `switchboard serve`) may own the file.
      if (this.#wroteGatewayFile) removeGatewayFile(this.#options.dataDir);
      this.#setStatus({ state: 'stopped' });
    }
  }

  /** Stops every server that is not stopped already; resume starts the same ones again. */
  async pauseServers(): Promise<void> {
    const service = this.service;
    if (!service || this.#paused) return;
    const names = this.summaries()
      .filter((summary) => summary.status.state !== 'stopped')
      .map((summary) => summary.name);
    this.#paused = names;
    await Promise.all(names.map((name) => service.call('servers:stop', { name })));
    this.#changed();
  }

  async resumeServers(): Promise<void> {
    const service = this.service;
    const names = this.#paused;
    this.#paused = undefined;
    if (service && names)
      await Promise.all(names.map((name) => service.call('servers:start', { name })));
    this.#changed();
  }

  #setStatus(status: HostStatus): void {
    this.#status = status;
    this.#changed();
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        this.#log.warn(`switchboard: status listener failed: ${(error as Error).message}`);
      }
    }
  }
}
