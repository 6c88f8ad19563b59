/**
 * The gateway's audited call log. `record` runs on the request path, so it only redacts, stamps
 * and queues; SQLite writes happen in batches a moment later. A clean `close` writes everything;
 * a crash loses at most the batch still in memory.
 */
import { mkdirSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import {
  CallLogQuerySchema,
  SUMMARY_MAX_CHARS,
  type CallLogEntry,
  type CallLogPage,
  type CallLogQueryInput,
} from '../../../shared/call-log.ts';
import { CallLogStore, type CallLogFilters } from './call-log-store.ts';
import { writeEntries, type ExportFormat } from './call-log-export.ts';
import {
  compileKeyPatterns,
  createRedactor,
  DEFAULT_REDACT_KEY_PATTERNS,
  truncate,
  type Redactor,
  type ResultSummary,
} from './redactor.ts';

const DAY_MS = 24 * 60 * 60_000;

function isRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

/** The call log's settings (the lead keeps them under `callLog` in settings). */
export const CallLogOptionsSchema = z.strictObject({
  /**
   * Whether the call gate records calls at all. For measurement only (the bench turns it off to
   * show what the log costs): with it off, nothing is audited.
   */
  enabled: z.boolean().default(true),
  retentionDays: z.number().positive().default(30),
  maxRows: z.number().int().positive().default(100_000),
  /** How long a recorded call may wait in memory before it is written. */
  flushIntervalMs: z.number().int().positive().max(60_000).default(100),
  /** A batch this big is written right away (on the next turn of the event loop). */
  flushBatchSize: z.number().int().positive().max(10_000).default(500),
  retentionCheckMinutes: z.number().positive().default(60),
  /** Regular expressions (case-insensitive) for argument keys whose values are never stored. */
  redactKeyPatterns: z
    .array(z.string().refine(isRegex, 'not a valid regular expression'))
    .default([...DEFAULT_REDACT_KEY_PATTERNS]),
});
export type CallLogOptions = z.infer<typeof CallLogOptionsSchema>;

/** What the request path hands over: the entry before id, time and redaction. */
export type CallRecord = Omit<
  CallLogEntry,
  'id' | 'time' | 'arguments' | 'resultSize' | 'resultSummary'
> & {
  /** Raw arguments; redacted here. */
  arguments?: unknown;
  /** The raw result, when at hand: its size and summary are taken here and it is not kept. */
  result?: unknown;
  resultSize?: number;
  resultSummary?: string;
};

export type CallLogInit = {
  dataDir: string;
  options?: z.input<typeof CallLogOptionsSchema>;
  /** Known secret values (tokens, keychain entries) to scrub wherever they appear. */
  secretValues?: () => Iterable<string>;
  /** Where write failures go; the log never throws into the request path. */
  onError?: (error: Error) => void;
};

export type CallLogListener = (entry: CallLogEntry) => void;

/** Entries kept for a retry after failed writes, beyond which the oldest are dropped. */
const MAX_PENDING = 10_000;

/** Fixed-width hex ids (12 digits of ms, 4 of sequence): string order is log order. */
export class CallIdGenerator {
  #ms = 0;
  #seq = 0;

  constructor(lastId?: string) {
    if (lastId && /^[0-9a-f]{16}$/.test(lastId)) {
      this.#ms = parseInt(lastId.slice(0, 12), 16);
      this.#seq = parseInt(lastId.slice(12), 16);
    }
  }

  /** Never repeats or goes back, even when the clock does or after a restart. */
  next(now: number): string {
    if (now > this.#ms) {
      this.#ms = now;
      this.#seq = 0;
    } else if (++this.#seq > 0xffff) {
      this.#ms += 1;
      this.#seq = 0;
    }
    return this.#ms.toString(16).padStart(12, '0') + this.#seq.toString(16).padStart(4, '0');
  }
}

export class CallLog {
  readonly options: CallLogOptions;
  readonly #store: CallLogStore;
  readonly #redactor: Redactor;
  readonly #ids: CallIdGenerator;
  readonly #listeners = new Set<CallLogListener>();
  readonly #onError: (error: Error) => void;
  #batch: CallLogEntry[] = [];
  #deferred: CallRecord[] = [];
  #deferredImmediate?: NodeJS.Immediate;
  #flushTimer?: NodeJS.Timeout;
  #flushImmediate?: NodeJS.Immediate;
  readonly #retentionTimer: NodeJS.Timeout;
  #closed = false;

  constructor(init: CallLogInit) {
    this.options = CallLogOptionsSchema.parse(init.options ?? {});
    this.#onError = init.onError ?? ((error) => console.error(`call log: ${error.message}`));
    mkdirSync(init.dataDir, { recursive: true, mode: 0o700 });
    this.#store = CallLogStore.open(init.dataDir);
    this.#ids = new CallIdGenerator(this.#store.lastId());
    this.#redactor = createRedactor({
      ...(init.secretValues ? { secretValues: init.secretValues } : {}),
      keyPatterns: compileKeyPatterns(this.options.redactKeyPatterns),
    });
    // Retention runs soon after start, then periodically; neither keeps the process alive.
    this.#retentionTimer = setInterval(
      () => this.retain(),
      this.options.retentionCheckMinutes * 60_000,
    ).unref();
    setTimeout(() => this.retain(), 1000).unref();
  }

  get file(): string {
    return this.#store.file;
  }

  /** A JSON-safe copy of `value` with secrets taken out, as the log would store it. */
  redact(value: unknown): CallLogEntry['arguments'] {
    return this.#redactor.redact(value) as CallLogEntry['arguments'];
  }

  /** Size and redacted summary of a result, for callers that fill them in themselves. */
  summarize(result: unknown): ResultSummary {
    return this.#redactor.summarize(result);
  }

  /** Synchronous and cheap: redacts, stamps, queues and tells live subscribers. */
  record(call: CallRecord): CallLogEntry {
    const { arguments: args, result, resultSize, resultSummary, error, ...rest } = call;
    const redact = this.#redactor;
    const summary = result !== undefined ? redact.summarize(result) : undefined;
    const now = Date.now();
    const entry: CallLogEntry = {
      ...rest,
      id: this.#ids.next(now),
      time: now,
      name: redact.redactText(rest.name),
      arguments: this.redact(args ?? null),
      resultSize: summary?.size ?? resultSize ?? 0,
      resultSummary:
        summary?.summary ?? truncate(redact.redactText(resultSummary ?? ''), SUMMARY_MAX_CHARS),
      durationMs: Math.max(0, rest.durationMs),
      ...(error !== undefined ? { error: redact.redactText(error) } : {}),
    };
    if (this.#closed) this.#onError(new Error(`dropped entry ${entry.id}: the log is closed`));
    else this.#enqueue(entry);
    for (const listener of this.#listeners) {
      try {
        listener(entry);
      } catch (error) {
        this.#onError(error as Error);
      }
    }
    return entry;
  }

  /**
   * For the request path: the redaction and summary (the costly part of `record`) run just
   * after the response went out (setImmediate), not before it. flush() and close() catch up.
   */
  recordDeferred(call: CallRecord): void {
    if (this.#closed) {
      this.#onError(new Error(`dropped a ${call.kind} entry: the log is closed`));
      return;
    }
    this.#deferred.push(call);
    this.#deferredImmediate ??= setImmediate(() => this.#materialize());
  }

  #materialize(): void {
    clearImmediate(this.#deferredImmediate);
    this.#deferredImmediate = undefined;
    const calls = this.#deferred;
    this.#deferred = [];
    for (const call of calls) this.record(call);
  }

  /** Calls `listener` with every entry as it is recorded; returns the unsubscribe. */
  subscribe(listener: CallLogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Writes every queued entry now, in one transaction. */
  flush(): void {
    if (this.#deferred.length > 0) this.#materialize();
    clearTimeout(this.#flushTimer);
    clearImmediate(this.#flushImmediate);
    this.#flushTimer = this.#flushImmediate = undefined;
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    try {
      this.#store.append(batch);
    } catch (error) {
      // Keep them for the next flush, so a passing "database is busy" loses nothing.
      this.#batch = [...batch, ...this.#batch].slice(-MAX_PENDING);
      this.#onError(error as Error);
    }
  }

  query(query: CallLogQueryInput): CallLogPage {
    this.flush();
    return this.#store.query(query);
  }

  /** Entries logged after `id`, oldest first (for catching up a live view). */
  after(id: string | undefined, filters: CallLogFilters = {}, limit?: number): CallLogEntry[] {
    this.flush();
    return this.#store.after(id, filters, limit);
  }

  /** Streams every entry matching `query` (paging fields ignored), oldest first. */
  async export(format: ExportFormat, query: CallLogQueryInput, out: Writable): Promise<number> {
    this.flush();
    const { cursor: _cursor, limit: _limit, ...filters } = CallLogQuerySchema.parse(query);
    return writeEntries(this.#store.scan(filters), format, out);
  }

  /** Applies the retention settings now; returns how many entries were deleted. */
  retain(now = Date.now()): number {
    if (this.#closed) return 0;
    try {
      this.flush();
      return this.#store.retain(
        { maxAgeMs: this.options.retentionDays * DAY_MS, maxRows: this.options.maxRows },
        now,
      );
    } catch (error) {
      this.#onError(error as Error);
      return 0;
    }
  }

  /** Changes retention while running (a setting people edit) and applies it at once. */
  setRetention(retention: { retentionDays: number; maxRows: number }): void {
    const valid = CallLogOptionsSchema.pick({ retentionDays: true, maxRows: true }).parse(
      retention,
    );
    Object.assign(this.options, valid);
    this.retain();
  }

  /** Writes everything still queued and closes the file; later records are reported, not kept. */
  close(): void {
    if (this.#closed) return;
    clearInterval(this.#retentionTimer);
    this.flush();
    this.#closed = true;
    this.#listeners.clear();
    this.#store.close();
  }

  #enqueue(entry: CallLogEntry): void {
    this.#batch.push(entry);
    if (this.#batch.length >= this.options.flushBatchSize) {
      this.#flushImmediate ??= setImmediate(() => this.flush());
    } else {
      this.#flushTimer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs).unref();
    }
  }
}
