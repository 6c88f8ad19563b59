/**
 * Small fakes of the Electron objects the desktop shell uses (Electron itself cannot run in
 * tests). Each is handed to the shell as the real interface through the shell's own Pick<>
 * types; Electron's methods return `this` (the whole App, WebContents…), which a fake is not,
 * so the one cast per fake lives here, in `typed`.
 */
import { EventEmitter } from 'node:events';
import type {
  BrowserWindowConstructorOptions,
  IpcMainEvent,
  IpcMainInvokeEvent,
  MenuItemConstructorOptions,
} from 'electron';
import { vi } from 'vitest';
import type { EventName } from '../../shared/contract.ts';
import type { HostStatus } from '../../electron/main/gateway-host.ts';
import { TypedIpcMain, type RawIpcMain } from '../../electron/main/ipc/ipc-main.ts';
import { TrustedSenders } from '../../electron/main/ipc/trusted-sender.ts';
import { createShell, type ShellApp, type ShellHost } from '../../electron/main/shell.ts';
import type { ShellTray } from '../../electron/main/tray/tray-controller.ts';
import type { PolicySession } from '../../electron/main/windows/content-policy.ts';
import type { ShellWindow } from '../../electron/main/windows/windows.ts';

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  destroyed = false;
  readonly send = vi.fn();
  openHandler?: (details: { url: string }) => { action: string };
  isDestroyed = () => this.destroyed;
  setWindowOpenHandler = (handler: (details: { url: string }) => { action: 'deny' }) => {
    this.openHandler = handler as never;
  };
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  readonly options: BrowserWindowConstructorOptions;
  readonly loaded: { file: string; query: Record<string, string> | undefined }[] = [];
  focused = false;
  minimized = false;
  shown = 0;
  constructor(options: BrowserWindowConstructorOptions) {
    super();
    this.options = options;
  }
  loadFile = async (file: string, options?: { query?: Record<string, string> }) => {
    this.loaded.push({ file, query: options?.query });
  };
  show = () => void this.shown++;
  focus = () => void (this.focused = true);
  close = () => this.webContents.destroy();
  isDestroyed = () => this.webContents.destroyed;
  isFocused = () => this.focused;
  isMinimized = () => this.minimized;
  restore = () => void (this.minimized = false);
  moveTop = () => {};
}

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
type SendListener = (event: IpcMainEvent, ...args: unknown[]) => void;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  readonly listeners = new Map<string, SendListener[]>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: SendListener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeAllListeners(channel?: string): this {
    if (channel) this.listeners.delete(channel);
    else this.listeners.clear();
    return this;
  }
  /** What ipcRenderer.invoke from `sender` would get back. */
  async invoke(channel: string, sender: SenderLike, request: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(ipcEvent(sender) as IpcMainInvokeEvent, request);
  }
  /** What ipcRenderer.send from `sender` would do. */
  send(channel: string, sender: SenderLike, message: unknown): void {
    for (const listener of this.listeners.get(channel) ?? [])
      listener(ipcEvent(sender) as IpcMainEvent, message);
  }
}

export type SenderLike = { contents: FakeWebContents; url: string | null };
function ipcEvent(sender: SenderLike): Partial<IpcMainEvent> {
  return {
    sender: sender.contents as never,
    senderFrame: (sender.url === null ? null : { url: sender.url }) as never,
  };
}

export class FakeApp extends EventEmitter {
  readonly quit = vi.fn();
  readonly focus = vi.fn();
  whenReady = () => Promise.resolve();
}

export class FakeTray implements ShellTray {
  destroyed = false;
  tooltip = '';
  menu: MenuItemConstructorOptions[] = [];
  setToolTip = (tooltip: string) => void (this.tooltip = tooltip);
  setMenu = (template: MenuItemConstructorOptions[]) => void (this.menu = template);
  destroy = () => void (this.destroyed = true);
  isDestroyed = () => this.destroyed;
}

export function fakeSession() {
  const session = {
    beforeRequest: undefined as
      undefined | ((details: { url: string }, cb: (r: unknown) => void) => void),
    headersReceived: undefined as
      | undefined
      | ((
          details: { resourceType: string; responseHeaders?: Record<string, string[]> },
          cb: (r: unknown) => void,
        ) => void),
    webRequest: {
      onBeforeRequest: (listener: never) => void (session.beforeRequest = listener),
      onHeadersReceived: (listener: never) => void (session.headersReceived = listener),
    },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  };
  return session as typeof session & PolicySession;
}

/** A service that records subscriptions and answers every call with its method name. */
export function fakeService() {
  const subscriptions: {
    event: EventName;
    listener: (payload: unknown) => void;
    active: boolean;
  }[] = [];
  return {
    subscriptions,
    active: (event: EventName) => subscriptions.filter((s) => s.event === event && s.active).length,
    emit(event: EventName, payload: unknown) {
      for (const s of subscriptions) if (s.event === event && s.active) s.listener(payload);
    },
    call: vi.fn(async (method: string, params: unknown) => ({
      ok: true as const,
      value: { method, params },
    })),
    subscribe(event: EventName, listener: (payload: never) => void) {
      const entry = { event, listener: listener as (payload: unknown) => void, active: true };
      subscriptions.push(entry);
      return () => void (entry.active = false);
    },
  };
}

export type FakeService = ReturnType<typeof fakeService>;

export class FakeHost implements ShellHost {
  status: HostStatus = { state: 'starting' };
  service: FakeService | undefined;
  consent = undefined;
  paused = false;
  readonly calls: string[] = [];
  readonly fake: FakeService;
  readonly #listeners = new Set<() => void>();
  constructor(fake: FakeService = fakeService()) {
    this.fake = fake;
  }
  start = vi.fn(async () => {
    this.calls.push('start');
    this.status = { state: 'running', url: 'http://127.0.0.1:4777' };
    this.service = this.fake;
    for (const listener of this.#listeners) listener();
  });
  whenStarted = () => Promise.resolve();
  stop = vi.fn(async () => {
    this.calls.push('stop');
    this.status = { state: 'stopped' };
    this.service = undefined;
  });
  summaries = () => [];
  onChange = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  pauseServers = vi.fn(async () => {});
  resumeServers = vi.fn(async () => {});
}

/** A fake as the Electron-facing type the shell asks for. */
export const typed = {
  app: (fake: FakeApp) => fake as unknown as ShellApp,
  window: (fake: FakeWindow) => fake as unknown as ShellWindow,
  rawIpc: (fake: FakeIpcMain) => fake as unknown as RawIpcMain,
  contents: <T>(fake: FakeWebContents) => fake as unknown as T,
};

export const RENDERER_ROOT = 'file:///app/renderer/dist/';
export const RENDERER_PAGE = `${RENDERER_ROOT}index.html`;
export const silentLog = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

/** A whole shell over fakes, as main.ts builds it over Electron. */
export function fakeShell(host: FakeHost = new FakeHost()) {
  const app = new FakeApp();
  const rawIpc = new FakeIpcMain();
  const trust = new TrustedSenders({
    rendererRoot: RENDERER_ROOT,
    gatewayOrigin: () =>
      host.status.state === 'running' ? new URL(host.status.url).origin : undefined,
  });
  const windows: FakeWindow[] = [];
  const trays: FakeTray[] = [];
  const session = fakeSession();
  const signals = new EventEmitter();
  const openExternal = vi.fn(async (_url: string) => {});
  const shell = createShell({
    app: typed.app(app),
    ipc: new TypedIpcMain(typed.rawIpc(rawIpc), trust.check, silentLog),
    trust,
    host,
    createWindow: (options) => {
      const window = new FakeWindow(options);
      windows.push(window);
      return typed.window(window);
    },
    createTray: () => {
      const tray = new FakeTray();
      trays.push(tray);
      return tray;
    },
    session,
    openExternal,
    rendererIndex: '/app/renderer/dist/index.html',
    preload: '/app/dist/electron/preload/preload.cjs',
    startHidden: false,
    signals: signals as unknown as Pick<NodeJS.Process, 'on'>,
    log: silentLog,
  });
  return { shell, app, rawIpc, trust, host, windows, trays, session, signals, openExternal };
}

/** A window the shell opened, as an IPC sender showing `url` (default: the dashboard). */
export function senderOf(window: FakeWindow, url: string | null = RENDERER_PAGE): SenderLike {
  return { contents: window.webContents, url };
}
