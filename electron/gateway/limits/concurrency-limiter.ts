/**
 * Caps the calls in flight to each server. Callers past the cap wait in one FIFO line per
 * server, and a freed slot is handed straight to the head of the line, so a newcomer can never
 * overtake someone waiting. Past the line's own cap, calls fail at once with a limit error.
 */
import type { ConcurrencyOptions } from './limits-options.ts';
import { DEFAULT_LIMITS_OPTIONS } from './limits-options.ts';
import { limitError } from './limit-error.ts';

export type Release = () => void;
export type ConcurrencyLimiterOptions = Partial<Omit<ConcurrencyOptions, 'enabled'>>;

type Waiter = { grant: () => void; signal?: AbortSignal; onAbort: () => void };
type Lane = { active: number; queue: Waiter[] };

export class ConcurrencyLimiter {
  readonly #options: Omit<ConcurrencyOptions, 'enabled'>;
  readonly #lanes = new Map<string, Lane>();

  constructor(options: ConcurrencyLimiterOptions = {}) {
    this.#options = { ...DEFAULT_LIMITS_OPTIONS.concurrency, ...options };
  }

  limitsFor(server: string): { maxConcurrent: number; maxQueue: number } {
    const own = this.#options.servers[server];
    return {
      maxConcurrent: own?.maxConcurrent ?? this.#options.maxConcurrent,
      maxQueue: own?.maxQueue ?? this.#options.maxQueue,
    };
  }

  stats(server: string): { active: number; queued: number } {
    const lane = this.#lanes.get(server);
    return { active: lane?.active ?? 0, queued: lane?.queue.length ?? 0 };
  }

  /**
   * Resolves with a release once a slot is free. Rejects with the signal's reason if aborted
   * while waiting, or with a limit error when the line is full. An abort after the slot was
   * granted releases it too (the call is being cancelled upstream), and release is idempotent.
   */
  acquire(server: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const { maxConcurrent, maxQueue } = this.limitsFor(server);
    const lane = this.#lanes.get(server) ?? { active: 0, queue: [] };
    this.#lanes.set(server, lane);
    if (lane.active < maxConcurrent && lane.queue.length === 0) {
      lane.active++;
      return Promise.resolve(this.#holder(server, lane, signal));
    }
    if (lane.queue.length >= maxQueue) {
      this.#dropIfIdle(server, lane);
      const detail = `server "${server}": ${lane.active} running, ${lane.queue.length} waiting`;
      return Promise.reject(
        limitError('server-concurrency', this.#options.queueFullRetryMs, detail),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        grant: () => resolve(this.#holder(server, lane, signal)),
        onAbort: () => {
          lane.queue.splice(lane.queue.indexOf(waiter), 1);
          this.#dropIfIdle(server, lane);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      lane.queue.push(waiter);
    });
  }

  #holder(server: string, lane: Lane, signal?: AbortSignal): Release {
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      signal?.removeEventListener('abort', release);
      const next = lane.queue.shift();
      if (next) {
        // The slot passes on directly: `active` stays the same.
        next.signal?.removeEventListener('abort', next.onAbort);
        next.grant();
      } else {
        lane.active--;
        this.#dropIfIdle(server, lane);
      }
    };
    signal?.addEventListener('abort', release, { once: true });
    return release;
  }

  #dropIfIdle(server: string, lane: Lane): void {
    if (lane.active === 0 && lane.queue.length === 0 && this.#lanes.get(server) === lane)
      this.#lanes.delete(server);
  }
}
