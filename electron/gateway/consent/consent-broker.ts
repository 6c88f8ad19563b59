/**
 * Per-tool consent as an explicit state machine. Each request is `pending` (in #pending) until
 * exactly one event ends it as allowed or denied; `outcomeOf` is the whole transition table.
 * Whatever arrives after the end (a second answer, a late timeout, an abort) finds no pending
 * request and is ignored, so a request can never be decided twice.
 */
import { randomUUID } from 'node:crypto';
import type { ConsentAnswer, ConsentOutcome, ConsentRequest } from '../../../shared/consent.ts';
import { ConsentAnswerSchema } from '../../../shared/consent.ts';
import type { ConsentGrantsStore } from './consent-grants-store.ts';

/** What the caller knows; the broker adds the id and the times. */
export type ConsentQuestion = Omit<ConsentRequest, 'id' | 'requestedAt' | 'expiresAt'>;
/** Asks someone else (the client, by elicitation) when no UI is attached. */
export type ConsentFallback = (
  request: ConsentRequest,
  signal: AbortSignal,
) => Promise<ConsentAnswer>;
export type AskOptions = { signal?: AbortSignal; fallback?: ConsentFallback };
export type ConsentResolution = { request: ConsentRequest; outcome: ConsentOutcome };
export type ConsentBrokerOptions = {
  grants: ConsentGrantsStore;
  timeoutMs?: number;
  now?: () => number;
};

/** Every way a pending request can end. */
export type ConsentEvent =
  | { type: 'answer'; answer: ConsentAnswer; decidedBy: string }
  | { type: 'session-grant' | 'always-grant'; decidedBy: string }
  | { type: 'timeout' | 'cancel' | 'shutdown' | 'no-ui' };

export const DEFAULT_CONSENT_TIMEOUT_MS = 120_000;
/** decidedBy for endings nobody chose. */
export const SWITCHBOARD = 'switchboard';
/** decidedBy for answers given through the client's elicitation fallback. */
export const ELICITATION = 'elicitation';

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

export function isAllowing(answer: ConsentAnswer): boolean {
  switch (answer) {
    case 'allow-once':
    case 'allow-session':
    case 'allow-always':
      return true;
    case 'deny':
      return false;
    default:
      return assertNever(answer);
  }
}

/** The transition table: pending --event--> allowed | denied. */
export function outcomeOf(requestId: string, event: ConsentEvent): ConsentOutcome {
  const denied = (reason: ConsentOutcome['reason']): ConsentOutcome => ({
    requestId,
    allowed: false,
    reason,
    decidedBy: SWITCHBOARD,
  });
  switch (event.type) {
    case 'answer':
      return {
        requestId,
        allowed: isAllowing(event.answer),
        reason: 'answered',
        answer: event.answer,
        decidedBy: event.decidedBy,
      };
    case 'session-grant':
    case 'always-grant':
      return { requestId, allowed: true, reason: event.type, decidedBy: event.decidedBy };
    case 'timeout':
      return denied('timeout');
    case 'cancel':
      return denied('cancelled');
    case 'shutdown':
      return denied('shutdown');
    case 'no-ui':
      return denied('no-ui');
    default:
      return assertNever(event);
  }
}

type Pending = {
  request: ConsentRequest;
  /** An elicitation is under way, so losing the last UI does not end this request. */
  viaFallback: boolean;
  finish: (outcome: ConsentOutcome) => void;
};

const toolKey = (server: string, tool: string) => JSON.stringify([server, tool]);

export class ConsentBroker {
  readonly #grants: ConsentGrantsStore;
  /** Settable: the consent timeout is a setting people change while the gateway runs. */
  timeoutMs: number;
  readonly #now: () => number;
  readonly #pending = new Map<string, Pending>();
  /** sessionId → toolKey → who granted it. */
  readonly #sessionGrants = new Map<string, Map<string, string>>();
  readonly #requested = new Set<(request: ConsentRequest) => void>();
  readonly #resolved = new Set<(resolution: ConsentResolution) => void>();
  #uis = 0;
  #closed = false;

  constructor(options: ConsentBrokerOptions) {
    this.#grants = options.grants;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CONSENT_TIMEOUT_MS;
    this.#now = options.now ?? Date.now;
  }

  get hasUi(): boolean {
    return this.#uis > 0;
  }

  /** A UI that shows requests; call the returned function when it goes away. */
  attachUi(): () => void {
    this.#uis++;
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      this.#uis--;
      // Nobody is left to answer: deny rather than keep the agent waiting for the timeout.
      if (this.#uis === 0)
        for (const pending of [...this.#pending.values()])
          if (!pending.viaFallback) this.#end(pending.request.id, { type: 'no-ui' });
    };
  }

  onRequested(listener: (request: ConsentRequest) => void): () => void {
    this.#requested.add(listener);
    return () => this.#requested.delete(listener);
  }

  onResolved(listener: (resolution: ConsentResolution) => void): () => void {
    this.#resolved.add(listener);
    return () => this.#resolved.delete(listener);
  }

  pending(): ConsentRequest[] {
    return [...this.#pending.values()].map((pending) => pending.request);
  }

  async ask(question: ConsentQuestion, options: AskOptions = {}): Promise<ConsentOutcome> {
    const requestedAt = this.#now();
    const request: ConsentRequest = {
      ...question,
      id: randomUUID(),
      requestedAt,
      expiresAt: requestedAt + this.timeoutMs,
    };
    const immediate = this.#immediateEvent(request, options);
    if (immediate) {
      const outcome = outcomeOf(request.id, immediate);
      this.#emit(this.#resolved, { request, outcome });
      return outcome;
    }
    const { signal, fallback } = options;
    const useFallback = !this.hasUi && fallback !== undefined;
    return new Promise<ConsentOutcome>((resolve) => {
      const stopFallback = new AbortController();
      const timer = setTimeout(() => this.#end(request.id, { type: 'timeout' }), this.timeoutMs);
      timer.unref?.();
      const onAbort = () => this.#end(request.id, { type: 'cancel' });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(request.id, {
        request,
        viaFallback: useFallback,
        finish: (outcome) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          stopFallback.abort();
          resolve(outcome);
        },
      });
      this.#emit(this.#requested, request);
      if (useFallback)
        fallback(request, stopFallback.signal).then(
          (answer) => this.answer(request.id, answer, ELICITATION),
          // The client could not be asked (no elicitation support, error): nobody can answer.
          () => this.#end(request.id, { type: 'no-ui' }),
        );
    });
  }

  /** False when the request is not pending (unknown, already decided) or the answer is invalid. */
  answer(id: string, answer: ConsentAnswer, decidedBy: string): boolean {
    const pending = this.#pending.get(id);
    if (!pending || !ConsentAnswerSchema.safeParse(answer).success) return false;
    const { sessionId, profile, server, tool } = pending.request;
    let grant: ConsentEvent | undefined;
    switch (answer) {
      case 'allow-once':
      case 'deny':
        break;
      case 'allow-session': {
        const tools = this.#sessionGrants.get(sessionId) ?? new Map<string, string>();
        tools.set(toolKey(server, tool), decidedBy);
        this.#sessionGrants.set(sessionId, tools);
        grant = { type: 'session-grant', decidedBy };
        break;
      }
      case 'allow-always':
        this.#grants.add({ profile, server, tool, grantedBy: decidedBy });
        grant = { type: 'always-grant', decidedBy };
        break;
      default:
        return assertNever(answer);
    }
    this.#end(id, { type: 'answer', answer, decidedBy });
    // Other requests already waiting for the same tool are covered by the new grant.
    if (grant)
      for (const other of this.pending())
        if (
          other.server === server &&
          other.tool === tool &&
          (grant.type === 'session-grant'
            ? other.sessionId === sessionId
            : other.profile === profile)
        )
          this.#end(other.id, grant);
    return true;
  }

  /** A downstream session closed: its session grants go, and its waiting requests are cancelled. */
  endSession(sessionId: string): void {
    this.#sessionGrants.delete(sessionId);
    for (const request of this.pending())
      if (request.sessionId === sessionId) this.#end(request.id, { type: 'cancel' });
  }

  /** Denies every pending request; later asks are denied at once. */
  shutdown(): void {
    this.#closed = true;
    for (const request of this.pending()) this.#end(request.id, { type: 'shutdown' });
    this.#sessionGrants.clear();
  }

  #immediateEvent(request: ConsentRequest, options: AskOptions): ConsentEvent | undefined {
    if (this.#closed) return { type: 'shutdown' };
    if (options.signal?.aborted) return { type: 'cancel' };
    const always = this.#grants.find(request.profile, request.server, request.tool);
    if (always) return { type: 'always-grant', decidedBy: always.grantedBy };
    const session = this.#sessionGrants
      .get(request.sessionId)
      ?.get(toolKey(request.server, request.tool));
    if (session !== undefined) return { type: 'session-grant', decidedBy: session };
    if (!this.hasUi && !options.fallback) return { type: 'no-ui' };
    return undefined;
  }

  #end(id: string, event: ConsentEvent): boolean {
    const pending = this.#pending.get(id);
    if (!pending) return false;
    this.#pending.delete(id);
    const outcome = outcomeOf(id, event);
    pending.finish(outcome);
    this.#emit(this.#resolved, { request: pending.request, outcome });
    return true;
  }

  #emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch {
        // A failing UI or logger must not decide, or block, anyone's consent.
      }
    }
  }
}
