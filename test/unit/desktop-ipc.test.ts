import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES } from '../../shared/contract.ts';
import { IPC_CHANNELS, MAIN_CHANNELS } from '../../electron/main/ipc/ipc-channels.ts';
import { registerAllHandlers } from '../../electron/main/ipc/index.ts';
import { FakeHost, FakeWindow, fakeShell, senderOf } from '../helpers/desktop-fakes.ts';

async function registered() {
  const fakes = fakeShell();
  registerAllHandlers(fakes.shell);
  await fakes.host.start();
  const dashboard = fakes.shell.windows.showDashboard() as unknown as FakeWindow;
  return { ...fakes, dashboard };
}

describe('desktop IPC registry', () => {
  it('handles exactly the channel map’s renderer-to-main channels, each the right way', async () => {
    const { rawIpc, shell } = await registered();
    const expected = (direction: string) =>
      Object.entries(IPC_CHANNELS)
        .filter(([, d]) => d === direction)
        .map(([channel]) => channel)
        .sort();
    expect([...rawIpc.handlers.keys()].sort()).toEqual(expected('invoke'));
    expect([...rawIpc.listeners.keys()].sort()).toEqual(expected('send'));
    expect([...shell.ipc.channels].sort()).toEqual([...MAIN_CHANNELS].sort());
    expect(MAIN_CHANNELS).not.toContain('engine:event');
  });

  it('every handler refuses an untrusted sender', async () => {
    const { rawIpc, dashboard, host } = await registered();
    const stranger = new FakeWindow({}); // not a window the shell created
    const untrusted = [
      senderOf(stranger),
      senderOf(dashboard, 'https://evil.example/'),
      senderOf(dashboard, 'http://127.0.0.1:4778/'), // not our gateway's port
      senderOf(dashboard, 'file:///etc/passwd'),
      senderOf(dashboard, 'file:///app/renderer/dist/../../secrets.html'),
      senderOf(dashboard, null),
    ];
    for (const channel of MAIN_CHANNELS) {
      for (const sender of untrusted) {
        if (IPC_CHANNELS[channel] === 'invoke') {
          const result = await rawIpc.invoke(channel, sender, {
            method: 'servers:list',
            params: {},
          });
          expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
        } else {
          rawIpc.send(channel, sender, { event: 'consent:requested' });
        }
      }
    }
    expect(host.fake.call).not.toHaveBeenCalled();
    expect(host.fake.subscriptions).toEqual([]);
  });

  it('passes a trusted window’s call to the engine service and its answer back', async () => {
    const { rawIpc, dashboard, host } = await registered();
    const result = await rawIpc.invoke('engine:call', senderOf(dashboard), {
      method: 'servers:stop',
      params: { name: 'memory' },
    });
    expect(host.fake.call).toHaveBeenCalledWith('servers:stop', { name: 'memory' });
    expect(result).toEqual({
      ok: true,
      value: { method: 'servers:stop', params: { name: 'memory' } },
    });
    // The gateway's own origin is one of our pages too.
    const viaGateway = await rawIpc.invoke(
      'engine:call',
      senderOf(dashboard, 'http://127.0.0.1:4777/'),
      { method: 'servers:list', params: {} },
    );
    expect(viaGateway).toMatchObject({ ok: true });
  });

  it('answers bad input, engine errors and a stopped gateway as ApiResults, never throws', async () => {
    const { rawIpc, dashboard, host } = await registered();
    const from = senderOf(dashboard);
    expect(await rawIpc.invoke('engine:call', from, 'servers:list')).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
    host.fake.call.mockRejectedValueOnce(new Error('boom'));
    expect(await rawIpc.invoke('engine:call', from, { method: 'servers:list' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
    host.status = { state: 'failed', error: 'port 4777 is in use' };
    host.service = undefined;
    expect(await rawIpc.invoke('engine:call', from, { method: 'servers:list' })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('port 4777 is in use') },
    });
  });

  it('ignores subscriptions to events the contract does not have', async () => {
    const { rawIpc, dashboard, host } = await registered();
    rawIpc.send('engine:subscribe', senderOf(dashboard), { event: 'secrets:leaked' });
    rawIpc.send('engine:subscribe', senderOf(dashboard), 'consent:requested');
    expect(host.fake.subscriptions).toEqual([]);
    for (const event of EVENT_NAMES)
      rawIpc.send('engine:subscribe', senderOf(dashboard), { event });
    expect(host.fake.subscriptions.map((s) => s.event).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('removes its handlers on dispose', async () => {
    const { rawIpc, shell } = await registered();
    shell.ipc.dispose();
    expect(rawIpc.handlers.size + rawIpc.listeners.size).toBe(0);
  });

  it('a host that never started answers calls with the reason', async () => {
    const host = new FakeHost();
    const { shell, rawIpc } = fakeShell(host);
    registerAllHandlers(shell);
    const window = shell.windows.showDashboard() as unknown as FakeWindow;
    const result = await rawIpc.invoke('engine:call', senderOf(window), { method: 'servers:list' });
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('starting') },
    });
    expect(vi.isMockFunction(host.fake.call) && host.fake.call.mock.calls.length).toBe(0);
  });
});
