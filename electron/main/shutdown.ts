/**
 * Quitting in order: hold the quit, stop the gateway (every child server with it), take the
 * tray down, then quit for real. Runs once however many times quit is asked for; a gateway
 * that hangs is given a bounded time (children it leaves are reaped at the next start).
 */
export type QuitEvent = { preventDefault(): void };
export type ShutdownSteps = {
  stopGateway: () => Promise<void>;
  destroyTray: () => void;
  quit: () => void;
  log?: Pick<Console, 'warn'>;
  timeoutMs?: number;
};

export const SHUTDOWN_TIMEOUT_MS = 15_000;

export class ShutdownSequence {
  readonly #steps: ShutdownSteps;
  #state: 'running-app' | 'stopping' | 'done' = 'running-app';
  #finished?: Promise<void>;

  constructor(steps: ShutdownSteps) {
    this.#steps = steps;
  }

  get state(): 'running-app' | 'stopping' | 'done' {
    return this.#state;
  }

  /** Resolves once the sequence has run (for callers that want to wait). */
  get finished(): Promise<void> | undefined {
    return this.#finished;
  }

  /** The `before-quit` listener. */
  onBeforeQuit(event: QuitEvent): void {
    if (this.#state === 'done') return; // our own final quit: let it through
    event.preventDefault();
    if (this.#state === 'stopping') return;
    this.#state = 'stopping';
    this.#finished = this.#run();
  }

  async #run(): Promise<void> {
    const { log = console, timeoutMs = SHUTDOWN_TIMEOUT_MS } = this.#steps;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn(`switchboard: the gateway did not stop within ${timeoutMs} ms; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    try {
      await Promise.race([this.#steps.stopGateway(), timeout]);
    } catch (error) {
      log.warn(`switchboard: error while stopping the gateway: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    try {
      this.#steps.destroyTray();
    } catch (error) {
      log.warn(`switchboard: error while removing the tray: ${(error as Error).message}`);
    }
    this.#state = 'done';
    this.#steps.quit();
  }
}
