/**
 * Journey 1: sign in with the link `switchboard serve` printed, see the servers' live status,
 * stop one and watch it stop, start it and watch it run again.
 */
import { expect, test } from './fixtures.ts';

test('signs in with the login link and stops and starts a server, live', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const gateway = await switchboard.start();
  await dashboard.open(gateway);

  const list = page.getByRole('region', { name: 'Servers' });
  const memory = list.getByRole('button', { name: /^memory\b/ });
  const everything = list.getByRole('button', { name: /^everything\b/ });
  const header = page.getByRole('banner').getByRole('status');
  await expect(memory.getByText('Running', { exact: true })).toBeVisible();
  await expect(everything.getByText('Running', { exact: true })).toBeVisible();
  await expect(header).toHaveText(/Gateway online · 2 of 2 servers running/);
  await expect(header).toContainText(gateway.mcpUrl);
  await dashboard.snap('servers-running');

  await memory.click();
  const detail = page.getByRole('region', { name: 'memory', exact: true });
  await expect(detail.getByRole('heading', { name: 'memory' })).toBeVisible();
  await expect(detail.getByRole('tab', { name: /^Tools \(\d+\)$/ })).toBeVisible();
  await expect(detail.getByRole('list', { name: 'Tools of memory' })).toBeVisible();
  await dashboard.snap('memory-detail');

  const controls = detail.getByRole('group', { name: 'Control memory' });
  await controls.getByRole('button', { name: 'Stop' }).click();
  await expect(memory.getByText('Stopped', { exact: true })).toBeVisible();
  await expect(memory).toContainText('not running');
  await expect(detail.getByText('Stopped', { exact: true })).toBeVisible();
  await expect(header).toHaveText(/1 of 2 servers running/);
  await expect(controls.getByRole('button', { name: 'Start' })).toBeVisible();
  await expect(everything.getByText('Running', { exact: true })).toBeVisible();
  await dashboard.snap('memory-stopped');

  await controls.getByRole('button', { name: 'Start' }).click();
  await expect(memory.getByText('Running', { exact: true })).toBeVisible();
  await expect(memory).toContainText(/up \d/);
  await expect(header).toHaveText(/2 of 2 servers running/);
  await expect(controls.getByRole('button', { name: 'Stop' })).toBeVisible();
  await dashboard.snap('memory-running-again');

  // An AI client reaches the restarted server through the gateway.
  const client = await gateway.connect();
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toEqual(
    expect.arrayContaining(['memory__read_graph', 'everything__echo']),
  );
});
