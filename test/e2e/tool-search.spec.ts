/**
 * Journey: switch the default profile to tool search on the Clients screen, pin a tool, try a
 * search as its agents would, and see an AI client of that profile get exactly that: three
 * meta-tools and the pin in tools/list, and the previewed tool from search_tools.
 */
import { violations } from './axe.ts';
import { expect, test, textOf } from './fixtures.ts';

test('sets a profile to search, pins a tool, and previews what search_tools answers', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const gateway = await switchboard.start();
  await dashboard.open(gateway);
  await dashboard.go('Clients');
  const profiles = page.getByRole('region', { name: /^Profiles/ });
  const row = profiles.locator('[data-profile="default"]');

  await row.getByRole('button', { name: 'Edit profile default' }).click();
  const form = row.getByRole('form', { name: 'Edit profile default' });
  await form.getByLabel(/^Search — three tools/).check();
  const pins = form.getByRole('group', { name: /Pinned tools/ });
  // Offered by the names agents call them, from both running servers.
  await expect(pins.getByLabel('everything__echo', { exact: true })).toBeVisible();
  const filter = pins.getByLabel('Filter tools to pin');
  await filter.fill('graph');
  await pins.getByLabel('memory__read_graph', { exact: true }).check();
  await filter.fill('');
  await expect(pins.getByLabel('memory__read_graph', { exact: true })).toBeChecked();
  await expect(pins.getByRole('button', { name: 'Unpin memory__read_graph' })).toBeVisible();
  await dashboard.snap('pinning');
  expect(await violations(page), 'profile form in search exposure').toEqual([]);

  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(profiles.getByRole('status')).toHaveText('Saved profile “default”');
  const tags = row.getByLabel('Servers and tools of default');
  await expect(tags).toContainText('Search');
  await expect(tags).toContainText('1 pinned');

  await row.getByRole('button', { name: 'Try a search as profile default' }).click();
  const query = row.getByLabel('What an agent of “default” wants to do');
  await expect(query).toBeFocused();
  await query.fill('echo a message');
  await query.press('Enter');
  const hits = row.getByRole('list', { name: 'Tools found for “echo a message”' });
  await expect(hits.locator('[data-tool="everything__echo"]')).toContainText('everything');
  await expect(row.locator('.search-preview-summary')).toHaveText(
    /^Searched \d+ tools: the best \d+ match(es)? for “echo a message”\.$/,
  );
  await dashboard.snap('search-preview');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await violations(page), `search preview, ${colorScheme} mode`).toEqual([]);
  }

  // An agent of the profile gets what the dashboard said.
  const agent = await gateway.connect();
  const { tools } = await agent.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual([
    'call_tool',
    'describe_tool',
    'memory__read_graph',
    'search_tools',
  ]);
  const found = await agent.callTool({
    name: 'search_tools',
    arguments: { query: 'echo a message' },
  });
  expect(textOf(found)).toContain('everything__echo');
});
