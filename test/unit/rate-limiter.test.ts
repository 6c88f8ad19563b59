import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../electron/gateway/limits/rate-limiter.ts';
import { TokenBucket } from '../../electron/gateway/limits/token-bucket.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('token bucket', () => {
  it('allows a burst, then refuses with the wait until the next token', () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 2 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual(Array(3).fill({ ok: true }));
    expect(bucket.take(0)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(bucket.take(200)).toEqual({ ok: false, retryAfterMs: 300 });
  });

  it('recovers after refilling, never past capacity', () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 10 }, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.take(100)).toEqual({ ok: true });
    expect(bucket.isFull(10_000)).toBe(true);
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, retryAfterMs: 100 },
    ]);
  });

  it('peek does not take, and a clock going backwards adds nothing', () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, 5_000);
    expect(bucket.peek(5_000)).toEqual({ ok: true });
    expect(bucket.take(5_000)).toEqual({ ok: true });
    expect(bucket.take(1_000)).toEqual({ ok: false, retryAfterMs: 1_000 });
  });

  it('rejects rates that could never refill', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 }, 0)).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 }, 0)).toThrow(RangeError);
  });
});

describe('rate limiter', () => {
  const limiter = (clock: ReturnType<typeof manualClock>) =>
    new RateLimiter({
      perClient: { perSecond: 4, burst: 4 },
      perClientTool: { perSecond: 2, burst: 2 },
      idleEvictMs: 10_000,
      now: clock.now,
    });

  it('limits one tool per client, leaving other tools and clients alone', () => {
    const clock = manualClock();
    const limits = limiter(clock);
    expect(limits.check('c1', 'read')).toEqual({ ok: true });
    expect(limits.check('c1', 'read')).toEqual({ ok: true });
    expect(limits.check('c1', 'read')).toEqual({
      ok: false,
      limit: 'client-tool',
      retryAfterMs: 500,
    });
    expect(limits.check('c1', 'write')).toEqual({ ok: true });
    expect(limits.check('c2', 'read')).toEqual({ ok: true });
  });

  it('limits the client across tools, without spending tool tokens on refused calls', () => {
    const clock = manualClock();
    const limits = limiter(clock);
    for (const tool of ['a', 'b', 'c', 'd']) expect(limits.check('c1', tool).ok).toBe(true);
    expect(limits.check('c1', 'e')).toEqual({ ok: false, limit: 'client', retryAfterMs: 250 });
    clock.advance(250);
    // Tool "e" still has its full burst: the refusal above took nothing from it.
    expect(limits.check('c1', 'e')).toEqual({ ok: true });
  });

  it('recovers after refill', () => {
    const clock = manualClock();
    const limits = limiter(clock);
    limits.check('c1', 'read');
    limits.check('c1', 'read');
    const refused = limits.check('c1', 'read');
    expect(refused.ok).toBe(false);
    clock.advance(499);
    expect(limits.check('c1', 'read').ok).toBe(false);
    clock.advance(1);
    expect(limits.check('c1', 'read')).toEqual({ ok: true });
  });

  it('names the limit that frees last when both refuse', () => {
    const clock = manualClock();
    const limits = new RateLimiter({
      perClient: { perSecond: 1, burst: 1 },
      perClientTool: { perSecond: 4, burst: 1 },
      now: clock.now,
    });
    limits.check('c1', 't');
    expect(limits.check('c1', 't')).toEqual({ ok: false, limit: 'client', retryAfterMs: 1_000 });
  });

  it('evicts idle buckets once refilled, on later use', () => {
    const clock = manualClock();
    const limits = limiter(clock);
    limits.check('c1', 'read');
    limits.check('c2', 'read');
    expect(limits.size).toBe(4);
    clock.advance(9_999);
    limits.check('c3', 'read');
    expect(limits.size).toBe(6);
    clock.advance(1);
    limits.check('c3', 'read'); // the sweep runs on use: c1 and c2 have been idle long enough
    expect(limits.size).toBe(2);
    clock.advance(10_000);
    expect(limits.evictIdle()).toBe(2);
  });

  it('keeps a bucket that is idle but not yet refilled', () => {
    const clock = manualClock();
    const limits = new RateLimiter({
      perClient: { perSecond: 0.01, burst: 1 },
      perClientTool: { perSecond: 10, burst: 1 },
      idleEvictMs: 1_000,
      now: clock.now,
    });
    limits.check('c1', 't');
    clock.advance(1_000);
    expect(limits.evictIdle()).toBe(1); // the tool bucket went; the client bucket is still empty
    expect(limits.check('c1', 't')).toMatchObject({ ok: false, limit: 'client' });
  });

  it('uses the generous defaults when given nothing', () => {
    const clock = manualClock();
    const limits = new RateLimiter({ now: clock.now });
    const results = Array.from({ length: 31 }, () => limits.check('c1', 't'));
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    expect(results[30]).toEqual({ ok: false, limit: 'client-tool', retryAfterMs: 100 });
  });
});
