/**
 * App-wide state that belongs to no feature: which screen is shown, the error banner's
 * notices, and whether the gateway still accepts this session.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiError } from '../api/engine-api.ts';
import { describeError } from '../api/engine-api.ts';

export const SCREENS = ['servers', 'catalog', 'clients', 'call-log', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export function isScreen(value: string): value is Screen {
  return (SCREENS as readonly string[]).includes(value);
}

/** How this page reaches the engine: HTTP (a browser) or the desktop app's IPC bridge. */
export type CarrierKind = 'desktop' | 'http';

export type Notice = { id: number; action: string; message: string; code: ApiError['code'] };

export type AppState = {
  screen: Screen;
  /** Fixed at start: what the page can do depends on it (downloads from the gateway need HTTP). */
  carrier: CarrierKind;
  notices: Notice[];
  /** The gateway answered 401: the browser session is missing or expired. */
  signedOut: boolean;
  /** Whether the engine's events reach this page ("reconnecting" after the stream dropped). */
  live: LiveState;
  liveProblem?: string;
  navigate(screen: Screen): void;
  report(action: string, error: ApiError): void;
  dismiss(id: number): void;
  dismissAll(): void;
  setSignedOut(signedOut: boolean): void;
  setLive(live: LiveState, problem?: string): void;
};

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export type AppStore = StoreApi<AppState>;

/** At most this many notices stay on screen; older ones are dropped. */
const MAX_NOTICES = 4;

export function createAppStore(
  initial: Screen = 'servers',
  carrier: CarrierKind = 'http',
): AppStore {
  let nextId = 1;
  return createStore<AppState>()((set) => ({
    screen: initial,
    carrier,
    notices: [],
    signedOut: false,
    live: 'connecting',
    navigate: (screen) => set({ screen }),
    report(action, error) {
      if (error.code === 'unauthorized') {
        set({ signedOut: true });
        return;
      }
      const notice: Notice = {
        id: nextId++,
        action,
        message: describeError(error),
        code: error.code,
      };
      set((state) => {
        // The same failure repeated (e.g. a retry) replaces the earlier notice.
        const others = state.notices.filter(
          (item) => item.action !== notice.action || item.message !== notice.message,
        );
        return { notices: [...others, notice].slice(-MAX_NOTICES) };
      });
    },
    dismiss: (id) => set((state) => ({ notices: state.notices.filter((item) => item.id !== id) })),
    dismissAll: () => set({ notices: [] }),
    setSignedOut: (signedOut) => set({ signedOut }),
    setLive: (live, problem) => set({ live, liveProblem: problem }),
  }));
}
