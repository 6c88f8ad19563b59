/**
 * The engine's admin API behind every carrier (HTTP + SSE here, Electron IPC in the desktop
 * app): one handler per contract method, params validated against the contract, errors
 * returned as values, and the contract's events fed from the engine's own hooks.
 */
import type { z } from 'zod';
import {
  contract,
  type ApiResult,
  type Contract,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodResult,
} from '../../../shared/contract.ts';
import type { Gateway } from '../gateway.ts';
import { describeZodError, toApiError } from './api-errors.ts';
import { catalogHandlers } from './handlers/catalog.ts';
import { installHandlers } from './handlers/installs.ts';
import { clientConfigHandlers } from './handlers/client-configs.ts';
import { clientHandlers } from './handlers/clients.ts';
import { consentHandlers } from './handlers/consent.ts';
import { logHandlers } from './handlers/log.ts';
import { policyHandlers } from './handlers/policies.ts';
import { secretHandlers } from './handlers/secrets.ts';
import { serverSetupHandlers } from './handlers/server-setup.ts';
import { serverHandlers } from './handlers/servers.ts';
import { settingsHandlers } from './handlers/settings.ts';
import { toolSearchHandlers } from './handlers/tool-search.ts';
import type { LogExporter } from './log-export-route.ts';

/** A method's params after validation (defaults filled in). */
export type MethodInput<M extends MethodName> = z.output<Contract['methods'][M]['params']>;
export type Handler<M extends MethodName> = (params: MethodInput<M>) => Promise<MethodResult<M>>;
/** Handlers for some methods: each domain file provides one group. */
export type HandlerGroup<K extends MethodName> = { [M in K]: Handler<M> };
export type Handlers = HandlerGroup<MethodName>;

export type EngineService = {
  /** Never throws: every failure comes back as `{ ok: false, error }`. */
  call(method: string, rawParams: unknown): Promise<ApiResult<unknown>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
  readonly handlers: Handlers;
  /** Streams call log exports (HTTP only: `GET /api/log/export`); absent, there is no such route. */
  readonly callLog?: LogExporter;
};

type Emit<E extends EventName> = (payload: EventPayload<E>) => void;
type Sources = { [E in EventName]: (emit: Emit<E>) => () => void };

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract.methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(contract.events, name);
}

export function createEngineService(gateway: Gateway): EngineService {
  const handlers: Handlers = {
    ...serverHandlers(gateway),
    ...serverSetupHandlers(gateway),
    ...policyHandlers(gateway),
    ...clientHandlers(gateway),
    ...clientConfigHandlers(gateway),
    ...consentHandlers(gateway),
    ...logHandlers(gateway),
    ...secretHandlers(gateway),
    ...settingsHandlers(gateway),
    ...toolSearchHandlers(gateway),
    ...catalogHandlers(gateway),
    ...installHandlers(gateway),
  };
  // Engine hooks are looked up when first needed: the trust services are created after us.
  const sources: Sources = {
    'servers:status-changed': (emit) => gateway.onServerStatus(emit),
    'consent:requested': (emit) => gateway.trust.consent.onRequested(emit),
    'consent:resolved': (emit) => gateway.trust.consent.onResolved(({ outcome }) => emit(outcome)),
    'log:appended': (emit) => gateway.trust.callLog.subscribe(emit),
    'clients:changed': (emit) => gateway.clients.onChanged(emit),
    'installs:progress': (emit) => gateway.installs.onProgress(emit),
  };
  // One engine hook per event however many listen, so each payload is one object for all.
  const hubs = new Map<EventName, { listeners: Set<(payload: never) => void>; stop: () => void }>();

  function hubFor<E extends EventName>(event: E) {
    let hub = hubs.get(event);
    if (!hub) {
      const listeners = new Set<(payload: never) => void>();
      const emit = (payload: EventPayload<E>) => {
        for (const listener of [...listeners]) {
          try {
            (listener as Emit<E>)(payload);
          } catch {
            // One failing subscriber (a closed stream) must not keep the others from hearing.
          }
        }
      };
      hub = { listeners, stop: sources[event](emit) };
      hubs.set(event, hub);
    }
    return hub;
  }

  return {
    handlers,
    callLog: { export: (...args) => gateway.trust.callLog.export(...args) },
    async call(method, rawParams) {
      if (!isMethodName(method))
        return { ok: false, error: { code: 'not-found', message: `no method "${method}"` } };
      const parsed = contract.methods[method].params.safeParse(rawParams ?? {});
      if (!parsed.success) {
        const message = `${method}: ${describeZodError(parsed.error)}`;
        return { ok: false, error: { code: 'invalid-params', message } };
      }
      try {
        const handler = handlers[method] as (params: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        return { ok: false, error: toApiError(error) };
      }
    },
    subscribe(event, listener) {
      const hub = hubFor(event);
      const entry = listener as (payload: never) => void;
      hub.listeners.add(entry);
      // Whoever watches consent requests can answer them: a UI is attached meanwhile.
      const detachUi = event === 'consent:requested' ? gateway.trust.consent.attachUi() : () => {};
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        hub.listeners.delete(entry);
        if (hub.listeners.size === 0) {
          hub.stop();
          hubs.delete(event);
        }
        detachUi();
      };
    },
  };
}
