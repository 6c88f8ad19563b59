/**
 * The one place every tools/call, prompts/get and resources/read passes on its way to a server:
 * rate limits, the tool's policy (allow / ask / deny, with consent), the server's concurrency
 * cap, then the call, then one entry in the call log, whatever happened.
 */
import {
  CallToolRequestParamsSchema,
  ErrorCode,
  GetPromptRequestParamsSchema,
  McpError,
  ReadResourceRequestParamsSchema,
  type Result,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallStatus, ConsentRecord } from '../../../shared/call-log.ts';
import type { Profile } from '../../../shared/clients.ts';
import type { ConsentOutcome } from '../../../shared/consent.ts';
import type { CallLog, CallRecord } from '../audit/call-log.ts';
import type { Settings } from '../config/settings.ts';
import type { ConsentBroker } from '../consent/consent-broker.ts';
import { elicitConsent } from '../consent/elicitation-consent.ts';
import type { ConcurrencyLimiter } from '../limits/concurrency-limiter.ts';
import { LIMIT_ERROR_CODE, limitError } from '../limits/limit-error.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import type { CacheKey, ResultCache } from '../result-cache/result-cache.ts';
import type { GatewaySession } from '../routing/gateway-session.ts';
import type { MergedList } from '../routing/merged-lists.ts';
import { profileFor, resolveToolPolicy } from './tool-policy.ts';

export type GatedKind = 'tools/call' | 'prompts/get' | 'resources/read';

const PARAMS_SCHEMAS = {
  'tools/call': CallToolRequestParamsSchema,
  'prompts/get': GetPromptRequestParamsSchema,
  'resources/read': ReadResourceRequestParamsSchema,
} as const;

/**
 * Refuses a gated call whose params MCP's own schemas reject (a name that is not a string,
 * arguments that are not an object, …) before it is routed, gated or logged: the call log
 * holds well-formed calls only, and policies are never looked up under a made-up name.
 */
export function assertGatedParams(kind: GatedKind, params: unknown): void {
  const parsed = PARAMS_SCHEMAS[kind].safeParse(params);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `"${issue.path.join('.')}": ` : '';
  throw new McpError(
    ErrorCode.InvalidParams,
    `Invalid params for ${kind}: ${where}${issue?.message ?? 'not an object'}`,
  );
}

export type GatedCall = {
  session: GatewaySession;
  server: string;
  kind: GatedKind;
  /** The name (or URI) as the server knows it. */
  name: string;
  arguments: Record<string, unknown> | undefined;
  annotations: ToolAnnotations | undefined;
  signal: AbortSignal;
  /** The recipe run this call is (a step of); the recipe's own entry carries it too. */
  recipeRun?: string;
};

export type CallGateDeps = {
  settings: () => Settings;
  consent: ConsentBroker;
  rate: RateLimiter;
  concurrency: ConcurrencyLimiter;
  log: CallLog;
  results: ResultCache;
};

/** A refusal the model should read: a tool result, not a protocol failure. */
class Refusal extends Error {
  readonly status: CallStatus;
  readonly consent: ConsentRecord | undefined;
  constructor(message: string, status: CallStatus, consent?: ConsentRecord) {
    super(message);
    this.status = status;
    this.consent = consent;
  }
}

function consentRecord(outcome: ConsentOutcome): ConsentRecord {
  return {
    decision: outcome.allowed ? 'allow' : 'deny',
    answer: outcome.answer ?? outcome.reason,
    decidedBy: outcome.decidedBy,
  };
}

function statusOf(error: unknown, signal: AbortSignal): CallStatus {
  if (signal.aborted) return 'cancelled';
  const code = (error as { code?: unknown }).code;
  if (code === LIMIT_ERROR_CODE) return 'rate-limited';
  if (code === ErrorCode.RequestTimeout) return 'timeout';
  return 'error';
}

const DENIAL_REASONS: Record<ConsentOutcome['reason'], string> = {
  answered: 'the user denied it',
  'session-grant': 'granted',
  'always-grant': 'granted',
  timeout: 'nobody answered the consent prompt in time',
  cancelled: 'the call was cancelled while waiting for consent',
  shutdown: 'the gateway is shutting down',
  'no-ui':
    'no one is available to approve it (no Switchboard window is open and the client cannot ask the user)',
};

/** Who made a call and where it goes: the fields every log entry and consent request share. */
function origin({ session, server }: GatedCall) {
  const { clientId, clientName, profile } = session.identity;
  return { clientId, clientName, profile, sessionId: session.sessionId, server };
}

/** What a log entry of this call carries besides its origin. */
function logged({ recipeRun }: GatedCall) {
  return recipeRun ? { recipeRun } : {};
}

export class CallGate {
  readonly #deps: CallGateDeps;

  constructor(deps: CallGateDeps) {
    this.#deps = deps;
  }

  /** The settings every decision reads now (a new object whenever they change). */
  settings(): Settings {
    return this.#deps.settings();
  }

  profileOf(session: GatewaySession): Profile {
    return profileFor(this.#deps.settings(), session.identity.profile);
  }

  /** Whether a tool shows in lists: denied tools are hidden when the profile says so. */
  visible(
    session: GatewaySession,
    server: string,
    tool: string,
    annotations: ToolAnnotations | undefined,
  ): boolean {
    return this.visibleTo(session.identity.profile, server, tool, annotations);
  }

  /** Drops from a merged tool list what `profile` may not see (denied tools stay routable). */
  hideInvisible(merged: MergedList, profile: string): void {
    merged.items = merged.items.filter((item) => {
      const origin = merged.origins.get(String(item.name));
      const annotations = origin?.item?.annotations as ToolAnnotations | undefined;
      return (
        !origin || this.visibleTo(profile, origin.supervisor.name, origin.original, annotations)
      );
    });
  }

  visibleTo(
    profile: string,
    server: string,
    tool: string,
    annotations: ToolAnnotations | undefined,
  ): boolean {
    const settings = this.#deps.settings();
    const { policy } = resolveToolPolicy(settings, profile, server, tool, annotations);
    return policy !== 'deny' || settings.profiles[profile]?.hideDenied === false;
  }

  async run(call: GatedCall, forward: () => Promise<Result>): Promise<Result> {
    const started = performance.now();
    const { session, server, kind, name, signal } = call;
    let consent: ConsentRecord | undefined;
    const record = (
      status: CallStatus,
      extra: { result?: unknown; error?: string; cached?: true },
    ) =>
      this.#record({
        ...origin(call),
        ...logged(call),
        kind,
        name,
        arguments: call.arguments ?? null,
        durationMs: performance.now() - started,
        status,
        ...(consent ? { consent } : {}),
        ...extra,
      });
    try {
      const { quotas } = this.#deps.settings();
      if (quotas.rate.enabled) {
        const rate = this.#deps.rate.check(session.identity.clientId, `${server}/${name}`);
        if (!rate.ok) throw limitError(rate.limit, rate.retryAfterMs);
      }
      if (kind === 'tools/call') consent = await this.#authorize(call);
      // After the policy and consent, which a cached result must pass like any other.
      const cache = this.#cacheFor(call);
      const hit = cache && this.#deps.results.get(cache.key);
      if (hit) {
        record(hit.isError === true ? 'error' : 'ok', { result: hit, cached: true });
        return hit;
      }
      const release = quotas.concurrency.enabled
        ? await this.#deps.concurrency.acquire(server, signal)
        : () => {};
      let result: Result;
      try {
        result = await forward();
      } finally {
        release();
      }
      record(result.isError === true ? 'error' : 'ok', { result });
      if (cache && result.isError !== true) this.#deps.results.set(cache.key, result, cache.ttlMs);
      return result;
    } catch (error) {
      if (error instanceof Refusal) {
        // A refused call's entry says which consent decision refused it.
        consent ??= error.consent;
        record(error.status, { error: error.message });
        return { content: [{ type: 'text', text: error.message }], isError: true };
      }
      record(statusOf(error, signal), { error: (error as Error).message });
      throw error;
    }
  }

  /** Drops every result kept for one client (its roots changed, say). */
  forgetResultsOf(clientId: string): void {
    this.#deps.results.invalidateClient(clientId);
  }

  /** Where a call's result is cached, if it may be: a read-only tool of a server with a TTL. */
  #cacheFor(call: GatedCall): { key: CacheKey; ttlMs: number } | undefined {
    if (call.kind !== 'tools/call' || call.annotations?.readOnlyHint !== true) return undefined;
    const seconds = this.#deps.settings().servers[call.server]?.resultCacheSeconds;
    if (!seconds) return undefined;
    const { clientId } = call.session.identity;
    const key = { clientId, server: call.server, tool: call.name, arguments: call.arguments };
    return { key, ttlMs: seconds * 1000 };
  }

  /** Into the call log, unless the log is switched off (settings `callLog.enabled`, read per call). */
  #record(entry: CallRecord): void {
    if (this.#deps.settings().callLog.enabled) this.#deps.log.recordDeferred(entry);
  }

  /** Applies the tool's policy; returns the consent decision when one was needed. */
  async #authorize(call: GatedCall): Promise<ConsentRecord | undefined> {
    const { session, server, name, signal } = call;
    const settings = this.#deps.settings();
    const { policy } = resolveToolPolicy(
      settings,
      session.identity.profile,
      server,
      name,
      call.annotations,
    );
    if (policy === 'allow') return undefined;
    if (policy === 'deny') {
      throw new Refusal(
        `Switchboard refused "${name}" on server "${server}": the policy of profile "${session.identity.profile}" denies this tool.`,
        'denied',
      );
    }
    const canElicit = session.clientCapabilities.elicitation !== undefined;
    const outcome = await this.#deps.consent.ask(
      {
        ...origin(call),
        tool: name,
        arguments: (this.#deps.log.redact(call.arguments ?? null) ?? null) as never,
        ...(call.annotations ? { annotations: call.annotations } : {}),
      },
      {
        signal,
        ...(canElicit
          ? {
              fallback: (request, abort) =>
                elicitConsent(
                  request,
                  (params, options) => session.server.elicitInput(params, options),
                  abort,
                ),
            }
          : {}),
      },
    );
    const decision = consentRecord(outcome);
    this.#record({
      ...origin(call),
      ...logged(call),
      kind: 'consent',
      name,
      arguments: call.arguments ?? null,
      durationMs: 0,
      status: outcome.allowed ? 'ok' : 'denied',
      consent: decision,
    });
    if (signal.aborted)
      throw new McpError(ErrorCode.ConnectionClosed, 'cancelled while waiting for consent');
    if (!outcome.allowed) {
      throw new Refusal(
        `Switchboard did not run "${name}" on server "${server}": it was not approved (${DENIAL_REASONS[outcome.reason]}).`,
        'denied',
        decision,
      );
    }
    return decision;
  }
}
