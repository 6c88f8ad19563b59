/**
 * The desktop app's entry: one instance per data dir, the gateway in this process, a tray, the
 * dashboard and consent windows. Wiring only; the pieces live in app-events/, ipc/, windows/
 * and tray/, and take these Electron objects as arguments so they can be tested without it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, Menu, nativeImage, session, shell as desktop, Tray } from 'electron';
import { createEngineService } from '../gateway/admin/engine-service.ts';
import { registerAllEvents } from './app-events/index.ts';
import { GatewayHost, launchedFromDesktopSession } from './gateway-host.ts';
import { registerAllHandlers } from './ipc/index.ts';
import { openIpcMain } from './ipc/ipc-main.ts';
import { TrustedSenders } from './ipc/trusted-sender.ts';
import { parseLaunchOptions } from './launch-options.ts';
import { createShell } from './shell.ts';
import { TRAY_ICON_DATA_URL } from './tray/tray-icon.ts';

const launch = parseLaunchOptions(process.argv.slice(app.isPackaged ? 1 : 2));
// Chromium's own state goes beside ours, and the single-instance lock with it.
app.setPath('userData', join(launch.dataDir, 'electron'));

if (!app.requestSingleInstanceLock()) {
  app.quit(); // the running instance shows its dashboard instead (second-instance)
} else {
  const rendererDir = join(app.getAppPath(), 'renderer', 'dist');
  const host = new GatewayHost({
    ...launch,
    useLoginShellPath: launchedFromDesktopSession(process.platform, process.stdin.isTTY),
    createService: createEngineService,
  });
  const trust = new TrustedSenders({
    rendererRoot: pathToFileURL(join(rendererDir, '/')).href,
    gatewayOrigin: () => host.origin(),
  });
  const shell = createShell({
    app,
    ipc: await openIpcMain(trust.check),
    trust,
    host,
    createWindow: (options) => new BrowserWindow(options),
    createTray: () => {
      const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
      const setMenu = (template: Electron.MenuItemConstructorOptions[]) =>
        tray.setContextMenu(Menu.buildFromTemplate(template));
      return Object.assign(tray, { setMenu });
    },
    session: session.defaultSession,
    openExternal: (url) => desktop.openExternal(url),
    rendererIndex: join(rendererDir, 'index.html'),
    preload: join(import.meta.dirname, '..', 'preload', 'preload.cjs'),
    startHidden: launch.hidden,
    signals: process,
    log: console,
  });
  registerAllEvents(shell);
  registerAllHandlers(shell);
}
