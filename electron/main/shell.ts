/**
 * Everything the desktop shell is made of, built once from the Electron objects main.ts hands
 * in (or a test's fakes): no module-level state anywhere in electron/main.
 */
import type { App } from 'electron';
import type { GatewayHost } from './gateway-host.ts';
import { EventForwarder } from './ipc/event-forwarder.ts';
import type { TypedIpcMain } from './ipc/ipc-main.ts';
import type { TrustedSenders } from './ipc/trusted-sender.ts';
import { ShutdownSequence } from './shutdown.ts';
import { TrayController, type ShellTray } from './tray/tray-controller.ts';
import type { PolicySession } from './windows/content-policy.ts';
import { ConsentPopup } from './windows/consent-popup.ts';
import { Windows, type WindowFactory } from './windows/windows.ts';

export type ShellApp = Pick<App, 'on' | 'quit' | 'whenReady' | 'focus'>;
export type ShellHost = Pick<
  GatewayHost,
  | 'start'
  | 'whenStarted'
  | 'stop'
  | 'status'
  | 'service'
  | 'consent'
  | 'paused'
  | 'summaries'
  | 'onChange'
  | 'pauseServers'
  | 'resumeServers'
>;
export type ShellLog = Pick<Console, 'info' | 'warn' | 'error'>;

export type ShellDeps = {
  app: ShellApp;
  ipc: TypedIpcMain;
  trust: TrustedSenders;
  host: ShellHost;
  createWindow: WindowFactory;
  createTray: () => ShellTray;
  session: PolicySession;
  openExternal: (url: string) => Promise<void>;
  /** renderer/dist/index.html */
  rendererIndex: string;
  /** The compiled preload script. */
  preload: string;
  /** Started at login, say: tray only, no dashboard. */
  startHidden: boolean;
  signals: Pick<NodeJS.Process, 'on'>;
  log: ShellLog;
};

export type Shell = ShellDeps & {
  windows: Windows;
  tray: TrayController;
  popup: ConsentPopup;
  forwarder: EventForwarder;
  shutdown: ShutdownSequence;
  /** Opens the dashboard once the gateway has started (or failed to), so its calls work. */
  openDashboard: () => Promise<void>;
};

export function createShell(deps: ShellDeps): Shell {
  const { app, host, ipc, log } = deps;
  const windows = new Windows({
    create: deps.createWindow,
    rendererIndex: deps.rendererIndex,
    preload: deps.preload,
    trust: (contents) => deps.trust.add(contents),
    focusApp: () => app.focus({ steal: true }),
    log,
  });
  const forwarder = new EventForwarder(
    () => host.service,
    (target, message) => ipc.send(target, 'engine:event', message),
  );
  const popup = new ConsentPopup(windows);
  const openDashboard = async () => {
    await host.whenStarted();
    if (shutdown.state === 'running-app') windows.showDashboard();
  };
  const tray = new TrayController({
    createTray: deps.createTray,
    state: () => ({ host: host.status, servers: host.summaries(), paused: host.paused }),
    actions: {
      'open-dashboard': () => void openDashboard(),
      pause: () => void host.pauseServers(),
      resume: () => void host.resumeServers(),
      quit: () => app.quit(),
    },
  });
  const shutdown = new ShutdownSequence({
    stopGateway: async () => {
      popup.stop();
      await host.stop();
      forwarder.dropAll();
    },
    destroyTray: () => tray.destroy(),
    quit: () => app.quit(),
    log,
  });
  return { ...deps, windows, forwarder, popup, tray, shutdown, openDashboard };
}
