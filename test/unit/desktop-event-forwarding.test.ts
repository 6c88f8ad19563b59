import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngineService } from '../../electron/gateway/admin/engine-service.ts';
import { SettingsSchema } from '../../electron/gateway/config/settings.ts';
import { Gateway } from '../../electron/gateway/gateway.ts';
import { registerAllHandlers } from '../../electron/main/ipc/index.ts';
import { FakeHost, type FakeWindow, fakeShell, senderOf } from '../helpers/desktop-fakes.ts';

async function twoWindows() {
  const fakes = fakeShell();
  registerAllHandlers(fakes.shell);
  await fakes.host.start();
  const a = fakes.shell.windows.showDashboard() as unknown as FakeWindow;
  const b = fakes.shell.windows.showConsentPopup() as unknown as FakeWindow;
  return { ...fakes, a, b };
}

describe('event forwarding to windows', () => {
  it('subscribes each window on its own, once per event, and pushes on engine:event', async () => {
    const { rawIpc, host, a, b, shell } = await twoWindows();
    rawIpc.send('engine:subscribe', senderOf(a), { event: 'servers:status-changed' });
    rawIpc.send('engine:subscribe', senderOf(a), { event: 'servers:status-changed' });
    rawIpc.send('engine:subscribe', senderOf(a), { event: 'consent:requested' });
    rawIpc.send('engine:subscribe', senderOf(b), { event: 'consent:requested' });
    expect(host.fake.active('servers:status-changed')).toBe(1);
    expect(host.fake.active('consent:requested')).toBe(2);
    expect(shell.forwarder.eventsOf(a.webContents.id).sort()).toEqual([
      'consent:requested',
      'servers:status-changed',
    ]);

    const summary = { name: 'memory' };
    host.fake.emit('servers:status-changed', summary);
    expect(a.webContents.send).toHaveBeenCalledWith('engine:event', {
      event: 'servers:status-changed',
      payload: summary,
    });
    expect(b.webContents.send).not.toHaveBeenCalled();

    rawIpc.send('engine:unsubscribe', senderOf(a), { event: 'servers:status-changed' });
    expect(host.fake.active('servers:status-changed')).toBe(0);
  });

  it('unsubscribes a window when it closes, leaving the others', async () => {
    const { rawIpc, host, a, b, shell } = await twoWindows();
    rawIpc.send('engine:subscribe', senderOf(a), { event: 'consent:requested' });
    rawIpc.send('engine:subscribe', senderOf(a), { event: 'log:appended' });
    rawIpc.send('engine:subscribe', senderOf(b), { event: 'consent:requested' });
    a.close();
    expect(host.fake.active('log:appended')).toBe(0);
    expect(host.fake.active('consent:requested')).toBe(1);
    expect(shell.forwarder.eventsOf(a.webContents.id)).toEqual([]);
    // Nothing is sent to a destroyed window even if the engine still emitted.
    host.fake.emit('consent:requested', { id: 'r1' });
    expect(a.webContents.send).not.toHaveBeenCalled();
    expect(b.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('drops a page’s subscriptions when it reloads or crashes, not on in-page navigation', async () => {
    const { rawIpc, host, a } = await twoWindows();
    rawIpc.send('engine:subscribe', senderOf(a), { event: 'consent:requested' });
    a.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    a.webContents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(host.fake.active('consent:requested')).toBe(1);
    a.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(host.fake.active('consent:requested')).toBe(0);
    rawIpc.send('engine:subscribe', senderOf(a), { event: 'consent:requested' });
    expect(host.fake.active('consent:requested')).toBe(1);
    a.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(host.fake.active('consent:requested')).toBe(0);
    // Lifecycle listeners are added once per window, however often it resubscribes.
    expect(a.webContents.listenerCount('did-start-navigation')).toBe(1);
  });

  it('an IPC subscription to consent:requested attaches a UI to the real engine while the window lives', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-desktop-'));
    writeFileSync(join(dataDir, 'mcp.json'), '{"mcpServers":{}}');
    const gateway = new Gateway({
      servers: [],
      settings: SettingsSchema.parse({}),
      dataDir,
      port: 0,
    });
    await gateway.start({ info: () => {}, warn: () => {} });
    try {
      const host = new FakeHost();
      const { shell, rawIpc } = fakeShell(host);
      registerAllHandlers(shell);
      await host.start();
      host.service = createEngineService(gateway) as never;
      const popup = shell.windows.showConsentPopup() as unknown as FakeWindow;
      expect(gateway.trust.consent.hasUi).toBe(false);
      rawIpc.send('engine:subscribe', senderOf(popup), { event: 'servers:status-changed' });
      expect(gateway.trust.consent.hasUi).toBe(false);
      rawIpc.send('engine:subscribe', senderOf(popup), { event: 'consent:requested' });
      expect(gateway.trust.consent.hasUi).toBe(true);
      popup.close();
      expect(gateway.trust.consent.hasUi).toBe(false);
    } finally {
      await gateway.stop();
    }
  });
});
