/**
 * Token buckets per client and per (client, tool). A call needs a token from both; neither is
 * spent unless both have one, so a call refused by one limit does not eat into the other.
 */
import type { RateLimitOptions } from './limits-options.ts';
import { DEFAULT_LIMITS_OPTIONS } from './limits-options.ts';
import { type BucketRate, type Clock, monotonicClock, TokenBucket } from './token-bucket.ts';

export type RateCheck =
  { ok: true } | { ok: false; limit: 'client' | 'client-tool'; retryAfterMs: number };

export type RateLimiterOptions = Partial<Omit<RateLimitOptions, 'enabled'>> & { now?: Clock };

const bucketRate = (rate: { perSecond: number; burst: number }): BucketRate => ({
  capacity: rate.burst,
  refillPerSecond: rate.perSecond,
});

export class RateLimiter {
  readonly #clientRate: BucketRate;
  readonly #toolRate: BucketRate;
  readonly #idleEvictMs: number;
  readonly #now: Clock;
  readonly #clients = new Map<string, TokenBucket>();
  readonly #tools = new Map<string, TokenBucket>();
  #sweptAt: number;

  constructor(options: RateLimiterOptions = {}) {
    const defaults = DEFAULT_LIMITS_OPTIONS.rate;
    this.#clientRate = bucketRate(options.perClient ?? defaults.perClient);
    this.#toolRate = bucketRate(options.perClientTool ?? defaults.perClientTool);
    this.#idleEvictMs = options.idleEvictMs ?? defaults.idleEvictMs;
    this.#now = options.now ?? monotonicClock;
    this.#sweptAt = this.#now();
  }

  /** Buckets currently kept (for tests and diagnostics). */
  get size(): number {
    return this.#clients.size + this.#tools.size;
  }

  check(clientId: string, tool: string): RateCheck {
    const now = this.#now();
    // Sweeping on use instead of on a timer: nothing to stop at shutdown, cost amortised.
    if (now - this.#sweptAt >= this.#idleEvictMs) this.evictIdle(now);
    const client = this.#bucket(this.#clients, clientId, this.#clientRate, now);
    const perTool = this.#bucket(
      this.#tools,
      JSON.stringify([clientId, tool]),
      this.#toolRate,
      now,
    );
    const clientPeek = client.peek(now);
    const toolPeek = perTool.peek(now);
    if (clientPeek.ok && toolPeek.ok) {
      client.take(now);
      perTool.take(now);
      return { ok: true };
    }
    // Both refused: name the one that frees last, so a retry at that time gets through.
    const clientWait = clientPeek.ok ? 0 : clientPeek.retryAfterMs;
    const toolWait = toolPeek.ok ? 0 : toolPeek.retryAfterMs;
    return clientWait >= toolWait
      ? { ok: false, limit: 'client', retryAfterMs: clientWait }
      : { ok: false, limit: 'client-tool', retryAfterMs: toolWait };
  }

  /** Drops buckets idle for idleEvictMs that have refilled; returns how many went. */
  evictIdle(now: number = this.#now()): number {
    this.#sweptAt = now;
    let evicted = 0;
    for (const buckets of [this.#clients, this.#tools])
      for (const [key, bucket] of buckets)
        if (now - bucket.lastTakeAt >= this.#idleEvictMs && bucket.isFull(now)) {
          buckets.delete(key);
          evicted++;
        }
    return evicted;
  }

  #bucket(map: Map<string, TokenBucket>, key: string, rate: BucketRate, now: number) {
    let bucket = map.get(key);
    if (!bucket) map.set(key, (bucket = new TokenBucket(rate, now)));
    return bucket;
  }
}
