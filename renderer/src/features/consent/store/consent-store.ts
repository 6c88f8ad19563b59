/**
 * Pending consent requests: filled by 'consent:pending' and 'consent:requested', emptied by
 * 'consent:resolved' (answered here, elsewhere, or timed out). The oldest is shown first.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineApi, EventPayload, ReportError } from '../../../api/engine-api.ts';
import { callSafely, describeError, ignoreErrors } from '../../../api/engine-api.ts';

export type ConsentRequest = EventPayload<'consent:requested'>;
export type ConsentAnswer = NonNullable<EventPayload<'consent:resolved'>['answer']>;

export type ConsentState = {
  pending: ConsentRequest[];
  /** The request on screen; the oldest when unset or gone. */
  activeId?: string;
  /** The person put the prompt aside; a new request brings it back. */
  minimized: boolean;
  answering?: { id: string; answer: ConsentAnswer };
  /** Why the last answer did not go through, per request. */
  errors: Record<string, string | undefined>;

  load(): Promise<void>;
  connect(): () => void;
  show(id: string): void;
  minimize(): void;
  restore(): void;
  answer(id: string, answer: ConsentAnswer): Promise<void>;
};

export type ConsentStore = StoreApi<ConsentState>;

function add(list: ConsentRequest[], request: ConsentRequest): ConsentRequest[] {
  if (list.some((item) => item.id === request.id)) return list;
  return [...list, request].sort((a, b) => a.requestedAt - b.requestedAt);
}

/** The request the prompt shows: the chosen one while it is pending, else the oldest. */
export function activeRequest(
  state: Pick<ConsentState, 'pending' | 'activeId'>,
): ConsentRequest | undefined {
  return state.pending.find((item) => item.id === state.activeId) ?? state.pending[0];
}

export function createConsentStore(
  api: EngineApi,
  report: ReportError = ignoreErrors,
): ConsentStore {
  /** What the events said while a snapshot was on its way: newer than the snapshot. */
  let duringLoad: { requested: Map<string, ConsentRequest>; resolved: Set<string> } | undefined;
  const remove = (id: string) => {
    duringLoad?.resolved.add(id);
    store.setState((state) => ({
      pending: state.pending.filter((item) => item.id !== id),
      activeId: state.activeId === id ? undefined : state.activeId,
      answering: state.answering?.id === id ? undefined : state.answering,
      errors: { ...state.errors, [id]: undefined },
    }));
  };

  const store = createStore<ConsentState>()((set, get) => ({
    pending: [],
    minimized: false,
    errors: {},

    /** Replaces the pending list with the engine's (it may have missed events meanwhile). */
    async load() {
      const seen = (duringLoad = {
        requested: new Map<string, ConsentRequest>(),
        resolved: new Set<string>(),
      });
      const result = await callSafely(api, 'consent:pending', {});
      if (duringLoad !== seen) return; // a newer load is on its way: its snapshot wins
      duringLoad = undefined;
      if (!result.ok) {
        report('Load pending consent requests', result.error);
        return;
      }
      const pending = [...result.value, ...seen.requested.values()]
        .filter((request) => !seen.resolved.has(request.id))
        .reduce(add, []);
      const ids = new Set(pending.map((request) => request.id));
      // Ended while events were not flowing: tidy their answer state as a resolved event would.
      for (const gone of get().pending.filter((request) => !ids.has(request.id))) remove(gone.id);
      set({ pending });
    },

    connect() {
      const offRequested = api.subscribe('consent:requested', (request) => {
        duringLoad?.requested.set(request.id, request);
        set((state) => ({ pending: add(state.pending, request), minimized: false }));
      });
      const offResolved = api.subscribe('consent:resolved', (outcome) => remove(outcome.requestId));
      const offLive = api.onLive?.(() => void get().load());
      void get().load();
      return () => {
        offRequested();
        offResolved();
        offLive?.();
      };
    },

    show: (id) => set({ activeId: id, minimized: false }),
    minimize: () => set({ minimized: true }),
    restore: () => set({ minimized: false }),

    async answer(id, answer) {
      if (get().answering?.id === id) return;
      set((state) => ({ answering: { id, answer }, errors: { ...state.errors, [id]: undefined } }));
      const result = await callSafely(api, 'consent:answer', { id, answer });
      if (result.ok) {
        // Not accepted: it had already ended (timed out, or answered elsewhere). Either way it is gone.
        remove(id);
        return;
      }
      set((state) => ({
        answering: undefined,
        errors: { ...state.errors, [id]: describeError(result.error) },
      }));
      if (result.error.code === 'unauthorized') report('Answer a consent request', result.error);
    },
  }));
  return store;
}
