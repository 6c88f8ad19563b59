import { describe, expect, it, vi } from 'vitest';
import { registerAllEvents } from '../../electron/main/app-events/index.ts';
import { ShutdownSequence } from '../../electron/main/shutdown.ts';
import { fakeShell, silentLog } from '../helpers/desktop-fakes.ts';

function quitEvent() {
  return { preventDefault: vi.fn() };
}

describe('orderly shutdown', () => {
  it('holds the quit, stops the gateway, removes the tray, then quits', async () => {
    const steps: string[] = [];
    const sequence = new ShutdownSequence({
      stopGateway: async () => {
        steps.push('gateway.stop:start');
        await new Promise((resolve) => setImmediate(resolve));
        steps.push('gateway.stop:done');
      },
      destroyTray: () => steps.push('tray.destroy'),
      quit: () => steps.push('quit'),
      log: silentLog,
    });
    const event = quitEvent();
    event.preventDefault.mockImplementation(() => steps.push('prevent'));
    sequence.onBeforeQuit(event);
    await sequence.finished;
    expect(steps).toEqual([
      'prevent',
      'gateway.stop:start',
      'gateway.stop:done',
      'tray.destroy',
      'quit',
    ]);
  });

  it('runs once however often quit is asked, and lets its own final quit through', async () => {
    const stopGateway = vi.fn(async () => {});
    const quit = vi.fn();
    const sequence = new ShutdownSequence({ stopGateway, destroyTray: () => {}, quit });
    const first = quitEvent();
    const second = quitEvent();
    sequence.onBeforeQuit(first);
    sequence.onBeforeQuit(second); // a second Quit click while stopping
    expect(second.preventDefault).toHaveBeenCalled();
    await sequence.finished;
    const final = quitEvent();
    sequence.onBeforeQuit(final); // the before-quit of our own app.quit()
    expect(final.preventDefault).not.toHaveBeenCalled();
    expect(stopGateway).toHaveBeenCalledTimes(1);
    expect(quit).toHaveBeenCalledTimes(1);
    expect(sequence.state).toBe('done');
  });

  it('still removes the tray and quits when stopping fails or hangs', async () => {
    const failing = { destroyTray: vi.fn(), quit: vi.fn(), log: silentLog };
    const a = new ShutdownSequence({
      ...failing,
      stopGateway: () => Promise.reject(new Error('stuck')),
    });
    a.onBeforeQuit(quitEvent());
    await a.finished;
    expect(failing.destroyTray).toHaveBeenCalled();
    expect(failing.quit).toHaveBeenCalled();

    const hanging = { destroyTray: vi.fn(), quit: vi.fn(), log: silentLog };
    const b = new ShutdownSequence({
      ...hanging,
      stopGateway: () => new Promise(() => {}),
      timeoutMs: 5,
    });
    b.onBeforeQuit(quitEvent());
    await b.finished;
    expect(hanging.quit).toHaveBeenCalled();
  });

  it('before-quit on the app runs the whole sequence through the shell', async () => {
    const { shell, app, host, trays } = fakeShell();
    registerAllEvents(shell);
    await vi.waitFor(() => expect(host.start).toHaveBeenCalled());
    await shell.host.whenStarted();
    const order: string[] = [];
    host.stop.mockImplementation(async () => void order.push('gateway.stop'));
    const tray = trays[0]!;
    const destroy = tray.destroy;
    tray.destroy = () => {
      order.push('tray.destroy');
      destroy();
    };
    app.quit.mockImplementation(() => {
      order.push('quit');
      // Electron emits before-quit again for our own quit: it must go through.
      const again = quitEvent();
      app.emit('before-quit', again);
      expect(again.preventDefault).not.toHaveBeenCalled();
    });
    const event = quitEvent();
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await shell.shutdown.finished;
    expect(order).toEqual(['gateway.stop', 'tray.destroy', 'quit']);
    expect(tray.isDestroyed()).toBe(true);
  });

  it('SIGINT and SIGTERM quit through the same sequence', () => {
    const { shell, app, signals } = fakeShell();
    registerAllEvents(shell);
    signals.emit('SIGTERM');
    signals.emit('SIGINT');
    expect(app.quit).toHaveBeenCalledTimes(2);
  });
});
