/**
 * A token bucket: holds up to `capacity` tokens (the burst), refilled continuously at
 * `refillPerSecond`. Time is always passed in (ms, monotonic), so tests drive the clock.
 */
export type Clock = () => number;
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };
export type BucketRate = { capacity: number; refillPerSecond: number };

/** Monotonic: wall-clock jumps must neither block nor free a bucket. */
export const monotonicClock: Clock = () => performance.now();

export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  #tokens: number;
  #updatedAt: number;
  #lastTakeAt: number;

  constructor(rate: BucketRate, now: number) {
    if (!(rate.capacity >= 1) || !(rate.refillPerSecond > 0))
      throw new RangeError('a token bucket needs capacity >= 1 and refillPerSecond > 0');
    this.capacity = rate.capacity;
    this.refillPerSecond = rate.refillPerSecond;
    this.#tokens = rate.capacity;
    this.#updatedAt = now;
    this.#lastTakeAt = now;
  }

  /** When a token was last asked for: what idle eviction looks at. */
  get lastTakeAt(): number {
    return this.#lastTakeAt;
  }

  /** Whether a take would succeed now, without taking. */
  peek(now: number): TakeResult {
    this.#refill(now);
    if (this.#tokens >= 1) return { ok: true };
    const missing = 1 - this.#tokens;
    return { ok: false, retryAfterMs: Math.ceil((missing / this.refillPerSecond) * 1000) };
  }

  take(now: number): TakeResult {
    const result = this.peek(now);
    this.#lastTakeAt = Math.max(this.#lastTakeAt, now);
    if (result.ok) this.#tokens -= 1;
    return result;
  }

  /** A full bucket is the same as a fresh one, so dropping it loses nothing. */
  isFull(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.capacity;
  }

  #refill(now: number): void {
    // A clock that goes backwards (it should not) adds nothing rather than removing tokens.
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.capacity, this.#tokens + (elapsed / 1000) * this.refillPerSecond);
    this.#updatedAt = Math.max(this.#updatedAt, now);
  }
}
