/**
 * The app's two kinds of window: the dashboard and the consent popup. Both load the dashboard
 * build from disk (renderer/dist/index.html; the popup with `?view=consent`). Chosen over the
 * gateway's URL because the IPC carrier is the desktop app's way in: the page then needs no
 * admin login and no network (its CSP forbids any), and it opens even when the gateway failed
 * to start, to say why. Every window's web contents is registered as a trusted IPC sender.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron';
import { consentPopupOptions, dashboardWindowOptions } from './window-options.ts';

export type ShellWindow = Pick<
  BrowserWindow,
  | 'loadFile'
  | 'show'
  | 'focus'
  | 'close'
  | 'isDestroyed'
  | 'isFocused'
  | 'isMinimized'
  | 'restore'
  | 'moveTop'
  | 'once'
> & { webContents: Pick<WebContents, 'id' | 'once'> };
export type WindowFactory = (options: BrowserWindowConstructorOptions) => ShellWindow;

export type WindowsOptions = {
  create: WindowFactory;
  rendererIndex: string;
  preload: string;
  /** Marks a window's contents as ours for the IPC sender check. */
  trust: (contents: ShellWindow['webContents']) => void;
  /** Brings the app to the front (macOS does not give focus to a window of an inactive app). */
  focusApp?: () => void;
  log?: Pick<Console, 'warn'>;
};

export class Windows {
  readonly #options: WindowsOptions;
  #dashboard?: ShellWindow;
  #popup?: ShellWindow;

  constructor(options: WindowsOptions) {
    this.#options = options;
  }

  /** Opens the dashboard, or brings it back to the front. */
  showDashboard(): ShellWindow {
    const existing = live(this.#dashboard);
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const window = this.#open(dashboardWindowOptions(this.#options.preload), {});
    this.#dashboard = window;
    return window;
  }

  isDashboardFocused(): boolean {
    return live(this.#dashboard)?.isFocused() ?? false;
  }

  get popupOpen(): boolean {
    return live(this.#popup) !== undefined;
  }

  /** Opens the consent popup (or raises it) above every other window, focused. */
  showConsentPopup(): ShellWindow {
    const existing = live(this.#popup);
    if (existing) {
      this.#raise(existing);
      return existing;
    }
    const window = this.#open(consentPopupOptions(this.#options.preload), { view: 'consent' });
    this.#popup = window;
    return window;
  }

  closeConsentPopup(): void {
    live(this.#popup)?.close();
    this.#popup = undefined;
  }

  #open(options: BrowserWindowConstructorOptions, query: Record<string, string>): ShellWindow {
    const window = this.#options.create(options);
    this.#options.trust(window.webContents);
    window.once('ready-to-show', () => this.#raise(window));
    window.loadFile(this.#options.rendererIndex, { query }).catch((error: unknown) => {
      this.#options.log?.warn(
        `switchboard: could not load ${this.#options.rendererIndex}: ${(error as Error).message}`,
      );
    });
    return window;
  }

  #raise(window: ShellWindow): void {
    if (window.isDestroyed()) return;
    this.#options.focusApp?.();
    window.show();
    window.moveTop();
    window.focus();
  }
}

function live(window: ShellWindow | undefined): ShellWindow | undefined {
  return window && !window.isDestroyed() ? window : undefined;
}
