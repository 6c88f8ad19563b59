/**
 * A typed in-memory EngineApi for tests and previews: every handler's params and result come
 * from the contract, so a fake that compiles answers what the engine would. Unset methods
 * answer with an empty but valid value (lists are empty, actions succeed).
 */
import type {
  ApiResult,
  EngineApi,
  EventName,
  EventPayload,
  MethodName,
  MethodParams,
  MethodResult,
} from './engine-api.ts';
import { fail, ok } from './engine-api.ts';
import { ProfileSchema } from '../../../shared/clients.ts';

export type FakeHandler<M extends MethodName> = (
  params: MethodParams<M>,
) => ApiResult<MethodResult<M>> | Promise<ApiResult<MethodResult<M>>>;

export type FakeHandlers = { [M in MethodName]?: FakeHandler<M> };

export type RecordedCall = {
  [M in MethodName]: { method: M; params: MethodParams<M> };
}[MethodName];

export type FakeEngineApi = EngineApi & {
  /** Every call made, in order. */
  readonly calls: RecordedCall[];
  /** The params of each call to one method. */
  callsOf<M extends MethodName>(method: M): MethodParams<M>[];
  /** Delivers an event to its current listeners. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
  /** Plays the HTTP carrier's event stream coming (back) up: runs every onLive listener. */
  goLive(): void;
  /** Replaces (or adds) handlers after creation. */
  handle(overrides: FakeHandlers): void;
};

const OK = { ok: true } as const;

const DEFAULTS: FakeHandlers = {
  'servers:list': () => ok([]),
  'servers:start': () => ok(OK),
  'servers:stop': () => ok(OK),
  'servers:restart': () => ok(OK),
  'servers:remove': () => ok(OK),
  'servers:import': () => ok({ added: [], skipped: [] }),
  'servers:stderr': () => ok([]),
  'servers:tools': () => ok([]),
  'policies:set': () => ok(OK),
  // The schema's own defaults, so the fake never lags behind a field added to profiles.
  'profiles:list': () => ok({ default: ProfileSchema.parse({}) }),
  'profiles:set': () => ok(OK),
  'tools:search': () => ok({ tools: [], searched: 0 }),
  'catalog:search': () => ok({ entries: [], source: { kind: 'bundled' }, problems: [] }),
  'catalog:show': ({ name }) => fail('not-found', `No server named "${name}" in the catalog`),
  'installs:plan': ({ catalog }) => fail('not-found', `no catalog entry named "${catalog}"`),
  'installs:list': () => ok([]),
  'installs:updates': () => ok([]),
  'clients:list': () => ok([]),
  'clientConfigs:list': () => ok([]),
  'clients:revoke': ({ id }) => fail('not-found', `No client with id "${id}"`),
  'consent:pending': () => ok([]),
  'consent:answer': () => ok({ accepted: true }),
  'grants:list': () => ok([]),
  'grants:revoke': () => ok(OK),
  'log:query': () => ok({ entries: [] }),
  'secrets:set': () => ok(OK),
  'secrets:delete': () => ok({ deleted: true }),
  'settings:get': () =>
    ok({
      url: 'http://127.0.0.1:4777',
      port: 4777,
      dataDir: '/home/user/.config/switchboard',
      secretStore: 'keychain',
      defaultPolicy: 'ask',
      consentTimeoutSeconds: 60,
      logRetentionDays: 30,
      logMaxRows: 100_000,
    }),
};

export function createFakeEngineApi(overrides: FakeHandlers = {}): FakeEngineApi {
  const handlers: FakeHandlers = { ...DEFAULTS, ...overrides };
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const calls: RecordedCall[] = [];
  const liveListeners = new Set<() => void>();

  return {
    calls,
    async call<M extends MethodName>(method: M, params: MethodParams<M>) {
      calls.push({ method, params } as RecordedCall);
      const handler = handlers[method] as FakeHandler<M> | undefined;
      if (!handler)
        return fail<MethodResult<M>>('internal', `The fake has no answer for ${method}`);
      return handler(params);
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    onLive(listener) {
      liveListeners.add(listener);
      return () => liveListeners.delete(listener);
    },
    goLive() {
      for (const listener of [...liveListeners]) listener();
    },
    callsOf<M extends MethodName>(method: M) {
      return calls
        .filter((call) => call.method === method)
        .map((call) => call.params as MethodParams<M>);
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])])
        (listener as (value: typeof payload) => void)(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    handle(more) {
      Object.assign(handlers, more);
    },
  };
}
