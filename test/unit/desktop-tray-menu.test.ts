import { describe, expect, it, vi } from 'vitest';
import type { ServerSummary } from '../../shared/server-status.ts';
import { menuTemplate, TrayController } from '../../electron/main/tray/tray-controller.ts';
import { MAX_SERVER_LINES, serverLine, trayMenuModel } from '../../electron/main/tray/tray-menu.ts';
import { FakeTray } from '../helpers/desktop-fakes.ts';

function server(
  name: string,
  status: ServerSummary['status'],
  over: Partial<ServerSummary> = {},
): ServerSummary {
  return {
    name,
    transport: 'stdio',
    status,
    isolation: 'per-session',
    lazy: false,
    toolCount: 3,
    promptCount: 0,
    resourceCount: 0,
    restarts: 0,
    sessionConnections: 0,
    stderrTail: [],
    ...over,
  };
}

const running = { state: 'running', url: 'http://127.0.0.1:4777' } as const;
const labels = (items: ReturnType<typeof trayMenuModel>['items']) =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label));

describe('tray menu model', () => {
  it('shows the gateway, one line per server status, and the actions', () => {
    const model = trayMenuModel({
      host: running,
      paused: false,
      servers: [
        server('everything', { state: 'running', since: 1 }, { toolCount: 1 }),
        server('memory', { state: 'starting', attempt: 0 }),
        server('github', { state: 'backoff', attempt: 2, retryAt: 5, lastError: 'x' }),
        server('broken', { state: 'failed', error: 'spawn npx ENOENT\nstack…' }),
        server('lazy', { state: 'stopped' }, { lazy: true }),
      ],
    });
    expect(labels(model.items)).toEqual([
      'Gateway on http://127.0.0.1:4777',
      '---',
      'everything: running, 1 tool',
      'memory: starting…',
      'github: restarting (attempt 2)',
      'broken: failed: spawn npx ENOENT',
      'lazy: stopped (starts when used)',
      '---',
      'Open Dashboard',
      'Pause All Servers',
      '---',
      'Quit Switchboard',
    ]);
    expect(model.tooltip).toBe('Switchboard: 1 of 5 servers running');
    expect(model.items.filter((item) => item.type === 'label')).not.toHaveLength(0);
  });

  it('offers resume when paused, and only the safe actions while the gateway is down', () => {
    const paused = trayMenuModel({
      host: running,
      paused: true,
      servers: [server('a', { state: 'stopped' })],
    });
    expect(paused.items).toContainEqual({
      type: 'action',
      action: 'resume',
      label: 'Resume Servers',
      enabled: true,
    });
    expect(paused.tooltip).toContain('(paused)');

    const failed = trayMenuModel({
      host: { state: 'failed', error: 'listen EADDRINUSE 127.0.0.1:4777' },
      paused: false,
      servers: [],
    });
    expect(labels(failed.items)[0]).toBe('Gateway failed: listen EADDRINUSE 127.0.0.1:4777');
    const actions = failed.items.flatMap((item) => (item.type === 'action' ? [item] : []));
    expect(actions.map((a) => [a.action, a.enabled])).toEqual([
      ['open-dashboard', true],
      ['pause', false],
      ['quit', true],
    ]);
    expect(failed.tooltip).toContain('failed');
    expect(
      labels(trayMenuModel({ host: { state: 'starting' }, paused: false, servers: [] }).items)[0],
    ).toBe('Gateway starting…');
  });

  it('sums up servers beyond the line limit, and says when there are none', () => {
    const many = Array.from({ length: MAX_SERVER_LINES + 3 }, (_, i) =>
      server(`s${i}`, { state: 'stopped' }),
    );
    expect(labels(trayMenuModel({ host: running, paused: false, servers: many }).items)).toContain(
      'and 3 more…',
    );
    expect(labels(trayMenuModel({ host: running, paused: false, servers: [] }).items)).toContain(
      'No servers configured',
    );
    expect(
      serverLine(server('x', { state: 'failed', error: 'e'.repeat(200) })).length,
    ).toBeLessThan(80);
  });

  it('becomes an Electron menu template whose items run their actions', () => {
    const actions = { 'open-dashboard': vi.fn(), pause: vi.fn(), resume: vi.fn(), quit: vi.fn() };
    const template = menuTemplate(
      trayMenuModel({ host: running, paused: false, servers: [] }).items,
      actions,
    );
    expect(template[0]).toEqual({ label: 'Gateway on http://127.0.0.1:4777', enabled: false });
    template.find((item) => item.label === 'Quit Switchboard')!.click!(
      undefined as never,
      undefined,
      undefined as never,
    );
    expect(actions.quit).toHaveBeenCalled();
  });

  it('the tray controller builds, refreshes and removes the tray', () => {
    const tray = new FakeTray();
    let state = { host: { state: 'starting' } as const, servers: [], paused: false } as Parameters<
      typeof trayMenuModel
    >[0];
    const controller = new TrayController({
      createTray: () => tray,
      state: () => state,
      actions: { 'open-dashboard': () => {}, pause: () => {}, resume: () => {}, quit: () => {} },
    });
    controller.create();
    expect(tray.tooltip).toContain('starting');
    state = {
      host: running,
      servers: [server('a', { state: 'running', since: 1 })],
      paused: false,
    };
    controller.refresh();
    expect(tray.tooltip).toBe('Switchboard: 1 of 1 servers running');
    expect(tray.menu.map((item) => item.label)).toContain('a: running, 3 tools');
    controller.destroy();
    expect(tray.isDestroyed()).toBe(true);
    controller.refresh(); // no tray, no error
  });
});
