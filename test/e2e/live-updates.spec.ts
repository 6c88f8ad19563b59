/**
 * Journey 7: the dashboard's live updates are cut off (the event stream cannot connect) while
 * things happen on the gateway. The header says updates are interrupted; once the stream is
 * back, the screens catch up on what they missed instead of showing a stale state forever.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, textOf, type RunningGateway } from './fixtures.ts';

/** The admin API, as another UI (the CLI, the desktop app) would use it: the result's value. */
async function admin(gateway: RunningGateway, method: string, params: object): Promise<unknown> {
  const token = readFileSync(join(gateway.dataDir, 'admin-token'), 'utf8').trim();
  const response = await fetch(`${gateway.url}/api/rpc/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const result = (await response.json()) as { ok: boolean; value?: unknown };
  expect(result).toMatchObject({ ok: true });
  return result.value;
}

/** Each server's state, e.g. { everything: 'running', memory: 'stopped' }. */
async function states(gateway: RunningGateway): Promise<Record<string, string>> {
  const servers = (await admin(gateway, 'servers:list', {})) as {
    name: string;
    status: { state: string };
  }[];
  return Object.fromEntries(servers.map((server) => [server.name, server.status.state]));
}

test('says when live updates are interrupted, and catches up when they return', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const gateway = await switchboard.start();
  // Running before the page opens: with no events, it could not see them get there.
  await expect.poll(() => states(gateway)).toEqual({ everything: 'running', memory: 'running' });
  const events = '**/api/events?*';
  await page.route(events, (route) => route.abort('connectionrefused'));
  await dashboard.open(gateway);
  const header = page.getByRole('banner').getByRole('status');
  const memory = page.getByRole('region', { name: 'Servers' }).getByRole('button', {
    name: /^memory\b/,
  });
  await expect(memory.getByText('Running', { exact: true })).toBeVisible();
  await expect(header).toContainText('Live updates interrupted · reconnecting…');
  await dashboard.snap('interrupted');

  // While no event can reach the page: a server stops and an agent makes a call.
  await admin(gateway, 'servers:stop', { name: 'memory' });
  const client = await gateway.connect();
  const echoed = await client.callTool({ name: 'everything__echo', arguments: { message: 'x' } });
  expect(textOf(echoed)).toBe('Echo: x');
  await expect(memory.getByText('Running', { exact: true })).toBeVisible(); // not told yet

  // The stream comes back (it retries by itself): the page catches up.
  await page.unroute(events);
  await expect(header).toHaveText(/Gateway online · 1 of 2 servers running/, { timeout: 30_000 });
  await expect(memory.getByText('Stopped', { exact: true })).toBeVisible();
  await dashboard.go('Call log');
  const grid = page.getByRole('grid', { name: 'Calls, newest first' });
  await expect(grid.getByRole('row').filter({ hasText: 'echo' })).toHaveCount(1);
  await dashboard.snap('caught-up');

  // And it is live again: the next change arrives as an event.
  await dashboard.go('Servers');
  await admin(gateway, 'servers:start', { name: 'memory' });
  await expect(memory.getByText('Running', { exact: true })).toBeVisible();
  await expect(header).toHaveText(/2 of 2 servers running/);
});
