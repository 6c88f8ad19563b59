/**
 * When to show the consent popup: a tool call waits for a person's answer and the dashboard is
 * not the focused window (closed, hidden or behind others). It closes once no request is left
 * pending. The popup's own page lists and answers the requests; this only opens and closes it.
 */
import type { ConsentBroker } from '../../gateway/consent/consent-broker.ts';

export type PopupTrigger =
  | { type: 'requested'; dashboardFocused: boolean; popupOpen: boolean }
  | { type: 'resolved'; pending: number; popupOpen: boolean };
export type PopupAction = 'open' | 'raise' | 'close' | 'none';

export function popupAction(trigger: PopupTrigger): PopupAction {
  switch (trigger.type) {
    case 'requested':
      if (trigger.popupOpen) return 'raise';
      return trigger.dashboardFocused ? 'none' : 'open';
    case 'resolved':
      return trigger.popupOpen && trigger.pending === 0 ? 'close' : 'none';
  }
}

export type PopupBroker = Pick<
  ConsentBroker,
  'onRequested' | 'onResolved' | 'pending' | 'attachUi'
>;
export type PopupWindows = {
  isDashboardFocused(): boolean;
  readonly popupOpen: boolean;
  showConsentPopup(): unknown;
  closeConsentPopup(): void;
};

export class ConsentPopup {
  readonly #windows: PopupWindows;
  #stop?: () => void;

  constructor(windows: PopupWindows) {
    this.#windows = windows;
  }

  /** Follows one broker's requests (the engine's, once the gateway has started). */
  start(broker: PopupBroker): void {
    this.stop();
    const offRequested = broker.onRequested(() =>
      this.#apply(
        popupAction({
          type: 'requested',
          dashboardFocused: this.#windows.isDashboardFocused(),
          popupOpen: this.#windows.popupOpen,
        }),
      ),
    );
    const offResolved = broker.onResolved(() =>
      this.#apply(
        popupAction({
          type: 'resolved',
          pending: broker.pending().length,
          popupOpen: this.#windows.popupOpen,
        }),
      ),
    );
    // The desktop app can always ask the person (it opens this popup), so while it follows the
    // broker a UI is attached: requests wait for an answer instead of being denied for lack of one.
    const detach = broker.attachUi();
    this.#stop = () => {
      offRequested();
      offResolved();
      detach();
    };
  }

  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  #apply(action: PopupAction): void {
    switch (action) {
      case 'open':
      case 'raise':
        this.#windows.showConsentPopup();
        return;
      case 'close':
        this.#windows.closeConsentPopup();
        return;
      case 'none':
        return;
    }
  }
}
