import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { APP_EVENTS, registerAllEvents } from '../../electron/main/app-events/index.ts';
import { IPC_DOMAINS, registerAllHandlers } from '../../electron/main/ipc/index.ts';
import { FakeWebContents, fakeShell, typed } from '../helpers/desktop-fakes.ts';

const MAIN = join(import.meta.dirname, '..', '..', 'electron', 'main');
const modulesIn = (dir: string, skip: string[]) =>
  readdirSync(join(MAIN, dir))
    .filter((file) => file.endsWith('.ts') && !skip.includes(file))
    .map((file) => file.replace(/\.ts$/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()))
    .sort();

describe('registering the shell', () => {
  it('every app-events/ file is registered, and each register runs against fakes', () => {
    expect(Object.keys(APP_EVENTS).sort()).toEqual(modulesIn('app-events', ['index.ts']));
    for (const [name, event] of Object.entries(APP_EVENTS)) {
      const { shell } = fakeShell();
      expect(() => event.register(shell), name).not.toThrow();
    }
  });

  it('every ipc/ domain is registered, and each register runs against fakes', () => {
    const infrastructure = [
      'index.ts',
      'ipc-channels.ts',
      'ipc-main.ts',
      'trusted-sender.ts',
      'event-forwarder.ts',
    ];
    expect(Object.keys(IPC_DOMAINS).sort()).toEqual(modulesIn('ipc', infrastructure));
    for (const [name, domain] of Object.entries(IPC_DOMAINS)) {
      const { shell } = fakeShell();
      expect(() => domain.register(shell), name).not.toThrow();
    }
  });

  it('listens to the lifecycle events it handles', () => {
    const { shell, app, signals } = fakeShell();
    registerAllEvents(shell);
    registerAllHandlers(shell);
    for (const event of [
      'before-quit',
      'window-all-closed',
      'second-instance',
      'activate',
      'web-contents-created',
    ])
      expect(app.listenerCount(event), event).toBe(1);
    expect(signals.listenerCount('SIGINT')).toBe(1);
    expect(signals.listenerCount('SIGTERM')).toBe(1);
  });

  it('on ready: hardens the session, shows the tray, starts the gateway, opens the dashboard', async () => {
    const { shell, host, trays, windows, session } = fakeShell();
    registerAllEvents(shell);
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    expect(session.beforeRequest).toBeDefined();
    expect(session.headersReceived).toBeDefined();
    expect(session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(trays).toHaveLength(1);
    expect(trays[0]!.tooltip).toContain('0 of 0 servers running'); // refreshed once the gateway ran
    expect(host.start).toHaveBeenCalledTimes(1);
    const [dashboard] = windows;
    expect(dashboard!.loaded).toEqual([{ file: '/app/renderer/dist/index.html', query: {} }]);
    expect(dashboard!.options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
  });

  it('a second launch, or the Dock, shows the one dashboard again', async () => {
    const { shell, app, windows } = fakeShell();
    registerAllEvents(shell);
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    windows[0]!.minimized = true;
    app.emit('second-instance');
    app.emit('activate');
    await vi.waitFor(() => expect(windows[0]!.minimized).toBe(false));
    expect(windows).toHaveLength(1);
  });

  it('closing every window keeps the app (and the gateway) running', () => {
    const { shell, app } = fakeShell();
    registerAllEvents(shell);
    app.emit('window-all-closed');
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('guards every web contents the app creates', () => {
    const { shell, app, openExternal } = fakeShell();
    registerAllEvents(shell);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, typed.contents<WebContents>(contents));
    expect(contents.openHandler?.({ url: 'https://modelcontextprotocol.io/' })).toEqual({
      action: 'deny',
    });
    expect(openExternal).toHaveBeenCalledWith('https://modelcontextprotocol.io/');
    const navigation = { url: 'https://evil.example/', preventDefault: vi.fn() };
    contents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
  });
});
