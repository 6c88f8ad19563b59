/**
 * Rate and concurrency limits, as the lead puts them in settings (`limits` or its own key).
 * Defaults are generous: an agent loop firing tools back to back should never notice them;
 * they exist to stop a runaway client from hammering a server.
 */
import { z } from 'zod';

export const RateSchema = z.strictObject({
  /** Sustained calls per second. */
  perSecond: z.number().positive(),
  /** Calls allowed at once after a quiet spell (the bucket's capacity). */
  burst: z.number().int().positive(),
});
export type Rate = z.infer<typeof RateSchema>;

export const RateLimitOptionsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  perClient: RateSchema.default({ perSecond: 20, burst: 60 }),
  perClientTool: RateSchema.default({ perSecond: 10, burst: 30 }),
  /** Buckets unused this long (and full again) are dropped. */
  idleEvictMs: z.number().int().positive().default(60_000),
});
export type RateLimitOptions = z.infer<typeof RateLimitOptionsSchema>;

export const ServerConcurrencySchema = z.strictObject({
  maxConcurrent: z.number().int().positive().optional(),
  maxQueue: z.number().int().nonnegative().optional(),
});

export const ConcurrencyOptionsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Calls in flight to one server at once; more wait in line. */
  maxConcurrent: z.number().int().positive().default(16),
  /** Calls waiting for one server; past this they fail at once. */
  maxQueue: z.number().int().nonnegative().default(64),
  /** The retry hint given when a server's line is full. */
  queueFullRetryMs: z.number().int().nonnegative().default(1_000),
  /** Per-server overrides, by server name. */
  servers: z.record(z.string(), ServerConcurrencySchema).default({}),
});
export type ConcurrencyOptions = z.infer<typeof ConcurrencyOptionsSchema>;

export const LimitsOptionsSchema = z.strictObject({
  // prefault: an absent section is parsed, so its inner defaults apply.
  rate: RateLimitOptionsSchema.prefault({}),
  concurrency: ConcurrencyOptionsSchema.prefault({}),
});
export type LimitsOptions = z.infer<typeof LimitsOptionsSchema>;

export const DEFAULT_LIMITS_OPTIONS: LimitsOptions = LimitsOptionsSchema.parse({});
