import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from '../../electron/gateway/limits/concurrency-limiter.ts';
import { LIMIT_ERROR_CODE, limitError } from '../../electron/gateway/limits/limit-error.ts';
import {
  DEFAULT_LIMITS_OPTIONS,
  LimitsOptionsSchema,
} from '../../electron/gateway/limits/limits-options.ts';
import { asWireError } from '../../electron/gateway/upstream/wire-error.ts';

/** Whether a promise has settled yet, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol();
  return (
    (await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      Promise.resolve(marker),
    ])) !== marker
  );
}

describe('concurrency limiter', () => {
  it('queues past the cap and hands freed slots over in order', async () => {
    const limiter = new ConcurrencyLimiter({ maxConcurrent: 2, maxQueue: 5 });
    const first = await limiter.acquire('fs');
    await limiter.acquire('fs');
    const third = limiter.acquire('fs');
    const fourth = limiter.acquire('fs');
    expect(limiter.stats('fs')).toEqual({ active: 2, queued: 2 });
    expect(await settled(third)).toBe(false);

    first();
    first(); // releasing twice frees one slot
    const releaseThird = await third;
    expect(await settled(fourth)).toBe(false);
    expect(limiter.stats('fs')).toEqual({ active: 2, queued: 1 });
    releaseThird();
    await fourth;
    expect(limiter.stats('fs')).toEqual({ active: 2, queued: 0 });
  });

  it('keeps servers apart and honours per-server overrides', async () => {
    const limiter = new ConcurrencyLimiter({
      maxConcurrent: 1,
      maxQueue: 0,
      servers: { big: { maxConcurrent: 3 } },
    });
    await limiter.acquire('a');
    await limiter.acquire('b');
    await Promise.all([limiter.acquire('big'), limiter.acquire('big'), limiter.acquire('big')]);
    await expect(limiter.acquire('big')).rejects.toBeInstanceOf(McpError);
  });

  it('fails fast with a clear limit error when the line is full', async () => {
    const limiter = new ConcurrencyLimiter({
      maxConcurrent: 1,
      maxQueue: 1,
      queueFullRetryMs: 750,
    });
    await limiter.acquire('fs');
    void limiter.acquire('fs');
    const error = await limiter.acquire('fs').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({
      code: LIMIT_ERROR_CODE,
      data: { limit: 'server-concurrency', retryAfterMs: 750 },
    });
    expect((error as Error).message).toContain('server "fs": 1 running, 1 waiting');
  });

  it('an abort while waiting rejects with the reason and leaves the line', async () => {
    const limiter = new ConcurrencyLimiter({ maxConcurrent: 1, maxQueue: 5 });
    const holder = await limiter.acquire('fs');
    const controller = new AbortController();
    const waiting = limiter.acquire('fs', controller.signal);
    const behind = limiter.acquire('fs');
    controller.abort(new Error('client cancelled'));
    await expect(waiting).rejects.toThrow('client cancelled');
    expect(limiter.stats('fs')).toEqual({ active: 1, queued: 1 });
    holder();
    await behind; // the slot skipped the aborted waiter
    await expect(limiter.acquire('fs', AbortSignal.abort(new Error('gone')))).rejects.toThrow(
      'gone',
    );
  });

  it('an abort after the slot was granted releases it', async () => {
    const limiter = new ConcurrencyLimiter({ maxConcurrent: 1, maxQueue: 5 });
    const controller = new AbortController();
    const release = await limiter.acquire('fs', controller.signal);
    const next = limiter.acquire('fs');
    controller.abort();
    const releaseNext = await next;
    release(); // a release after the abort changes nothing
    expect(limiter.stats('fs')).toEqual({ active: 1, queued: 0 });
    releaseNext();
    expect(limiter.stats('fs')).toEqual({ active: 0, queued: 0 });
  });
});

describe('limit error', () => {
  it('is a -32000-range JSON-RPC error naming the limit and when to retry', () => {
    const error = limitError('client-tool', 1_234.2, 'tool "fs__write"');
    expect(error.code).toBe(LIMIT_ERROR_CODE);
    expect(error.code).toBeLessThanOrEqual(-32000);
    expect(error.code).toBeGreaterThanOrEqual(-32099);
    expect(error.data).toEqual({ limit: 'client-tool', retryAfterMs: 1_235 });
    // What the client sees once the router has relayed it.
    const wire = asWireError(error);
    expect(wire.message).toBe(
      'Rate limit for this tool exceeded (tool "fs__write") [limit: client-tool]: retry after 1.2 s',
    );
    expect(wire.data).toEqual({ limit: 'client-tool', retryAfterMs: 1_235 });
    expect(limitError('client', 80).message).toContain('retry after 80 ms');
  });
});

describe('limits options', () => {
  it('fills in generous defaults, section by section', () => {
    expect(DEFAULT_LIMITS_OPTIONS.rate).toEqual({
      enabled: true,
      perClient: { perSecond: 20, burst: 60 },
      perClientTool: { perSecond: 10, burst: 30 },
      idleEvictMs: 60_000,
    });
    const parsed = LimitsOptionsSchema.parse({ concurrency: { maxConcurrent: 2 } });
    expect(parsed.concurrency).toMatchObject({ maxConcurrent: 2, maxQueue: 64, servers: {} });
    expect(() =>
      LimitsOptionsSchema.parse({ rate: { perClient: { perSecond: 0, burst: 1 } } }),
    ).toThrow();
    expect(() => LimitsOptionsSchema.parse({ typo: 1 })).toThrow();
  });
});
