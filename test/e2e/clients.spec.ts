/**
 * Journey 3: create a client on the Clients screen, copy its token, connect an AI client with
 * it, watch its calls arrive live in the Call log, revoke it, and see its next call refused.
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test, textOf } from './fixtures.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('creates a client, follows its calls live, and revokes it', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const gateway = await switchboard.start();
  await dashboard.open(gateway);
  await dashboard.go('Clients');
  const clients = page.getByRole('region', { name: /^Clients/ });
  await expect(clients.getByText('default', { exact: true })).toBeVisible();
  await dashboard.snap('clients');

  await page.getByLabel('Client name').fill('cursor-e2e');
  await page.getByRole('button', { name: 'Create client' }).click();
  const card = page.getByRole('region', { name: 'Token for “cursor-e2e”' });
  await expect(card).toBeVisible();
  const shown = (await card.getByLabel('Client token').textContent())?.trim() ?? '';
  expect(shown).toMatch(/^sb_\S{20,}$/);
  await card.getByRole('button', { name: 'Copy the token' }).click();
  await expect(card.getByRole('button', { name: 'Copy the token' })).toContainText('Copied');
  const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
  expect(copied).toBe(shown);
  // The snippets carry it too, ready to paste.
  await expect(card.getByText(/"mcpServers"/)).toContainText(
    new RegExp(`"--token",\\s+"${copied}"`),
  );
  await dashboard.snap('token-shown');
  await card.getByRole('button', { name: 'I have copied it — hide the token' }).click();
  await expect(card).toBeHidden();
  await expect(page.locator('body')).not.toContainText(copied);
  const row = clients.getByRole('listitem').filter({ hasText: 'cursor-e2e' });
  await expect(row).toContainText('Active');

  // Calls made with the copied token appear in the Call log as they happen.
  await dashboard.go('Call log');
  await expect(page.getByText('No calls yet')).toBeVisible();
  await dashboard.listening('log:appended');
  await dashboard.snap('call-log-empty');
  const agent = await gateway.connect({ token: copied });
  const grid = page.getByRole('grid', { name: 'Calls, newest first' });
  const rows = grid.getByRole('row').filter({ hasText: 'cursor-e2e' });
  expect(
    textOf(await agent.callTool({ name: 'everything__echo', arguments: { message: 'one' } })),
  ).toBe('Echo: one');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(/everything\s*echo\s*OK/);
  await agent.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3 } });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('get-sum');
  await rows.first().click();
  const details = page.getByRole('complementary', { name: 'get-sum' });
  await expect(details).toContainText('cursor-e2e · profile default');
  await expect(details).toContainText('"a": 2');
  await dashboard.snap('call-log-live');

  // Revoked in the UI: the token stops working at once.
  await dashboard.go('Clients');
  await row.getByRole('button', { name: 'Revoke cursor-e2e…' }).click();
  await row.getByRole('button', { name: 'Revoke “cursor-e2e”' }).click();
  await expect(row).toContainText(/Revoked/);
  await expect(row.getByRole('button', { name: 'How to connect' })).toHaveCount(0);
  await dashboard.snap('revoked');

  const refused = await agent
    .callTool({ name: 'everything__echo', arguments: { message: 'two' } })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(refused).toBeInstanceOf(StreamableHTTPError);
  expect((refused as StreamableHTTPError).code).toBe(401);
  // A fresh connection with the same token is refused too.
  const again = await gateway.connect({ token: copied }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect((again as StreamableHTTPError | undefined)?.code).toBe(401);
  // Nothing it tried after the revocation ran.
  await dashboard.go('Call log');
  await expect(rows).toHaveCount(2);
});
