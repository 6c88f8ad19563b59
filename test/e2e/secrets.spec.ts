/**
 * Journey 4: a server whose config says `DEMO_KEY: ${secret:DEMO_KEY}` fails until the secret is
 * set on the Servers screen; then it runs with the value (its tool compares hashes), and the
 * dashboard never shows the value: not in the page, not in anything /api sent it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, serverEntries, test, textOf } from './fixtures.ts';

/** The page's text and markup, form values included (a typed value lives only in `.value`). */
async function everythingOnScreen(page: Page): Promise<string> {
  const values = (await page.evaluate(
    '[...document.querySelectorAll("input, textarea, select")].map((field) => field.value).join("\\n")',
  )) as string;
  return `${await page.content()}\n${values}`;
}

test('sets a server secret without ever showing it again', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const secret = `demo-${randomBytes(18).toString('base64url')}`;
  const sha256 = createHash('sha256').update(secret).digest('hex');
  const gateway = await switchboard.start({ 'secret-check': serverEntries.secretCheck(sha256) });

  // Every /api response the browser got, read whole (the event stream is recorded in the page).
  const responses: Promise<string>[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/api/rpc/')) responses.push(response.text().catch(() => ''));
  });

  const assertNeverShown = async () => {
    expect(await everythingOnScreen(page)).not.toContain(secret);
    const received = await dashboard.received();
    // The record holds the event stream too (so the check below means something).
    expect(received).toContain('event: servers:status-changed');
    expect(received).not.toContain(secret);
    const bodies = await Promise.all(responses);
    expect(bodies.join('')).toContain('"secret-check"');
    for (const body of bodies) expect(body).not.toContain(secret);
  };

  await dashboard.open(gateway);
  const row = page
    .getByRole('region', { name: 'Servers' })
    .getByRole('button', { name: /^secret-check\b/ });
  await expect(row.getByText('Failed', { exact: true })).toBeVisible();
  await row.click();
  const detail = page.getByRole('region', { name: 'secret-check', exact: true });
  await expect(detail.getByText('This server failed.')).toBeVisible();
  await expect(detail).toContainText('DEMO_KEY');
  await dashboard.snap('failed-without-secret');

  await detail.getByRole('tab', { name: 'Settings' }).click();
  const secrets = detail.getByRole('region', { name: 'Secrets' });
  const secretRow = secrets.getByRole('listitem').filter({ hasText: 'DEMO_KEY' });
  await expect(secretRow).toContainText('Not set');
  await expect(detail.getByLabel('Environment variable names')).toContainText('DEMO_KEY');
  const input = secretRow.getByLabel('New value for DEMO_KEY');
  await expect(input).toHaveAttribute('type', 'password');
  await input.fill(secret);
  // The check below sees typed values (it would catch one left on screen).
  expect(await everythingOnScreen(page)).toContain(secret);
  await secretRow.getByRole('button', { name: 'Set', exact: true }).click();
  // Write-only: the field empties, and the row says only that it is set.
  await expect(input).toHaveValue('');
  await expect(secretRow.getByText('Set', { exact: true })).toBeVisible();
  await expect(secretRow.getByRole('button', { name: 'Replace' })).toBeVisible();
  await expect(secretRow.getByRole('button', { name: 'Clear DEMO_KEY' })).toBeVisible();
  // The gateway gives a server that failed for want of a secret another try at once.
  await expect(row.getByText('Running', { exact: true })).toBeVisible();
  await assertNeverShown();
  await dashboard.snap('secret-set');

  // The server got the value: its tool says the hash matches (and never echoes the value).
  const client = await gateway.connect();
  const report = JSON.parse(
    textOf(await client.callTool({ name: 'secret-check__check_demo_key', arguments: {} })),
  ) as unknown;
  expect(report).toEqual({ set: true, length: secret.length, matches: true });

  // Each new session's server process reads it from the store again (per-session isolation).
  const fresh = await gateway.connect();
  expect(
    JSON.parse(
      textOf(await fresh.callTool({ name: 'secret-check__check_demo_key', arguments: {} })),
    ),
  ).toEqual({ set: true, length: secret.length, matches: true });

  // Nowhere else on the dashboard either.
  await detail.getByRole('tab', { name: 'Output' }).click();
  await expect(detail.getByLabel('Output of secret-check')).toContainText(
    'secret-check server ready',
  );
  await dashboard.snap('output');
  await dashboard.go('Call log');
  const grid = page.getByRole('grid', { name: 'Calls, newest first' });
  await expect(grid.getByRole('row').filter({ hasText: 'check_demo_key' })).toHaveCount(2);
  await grid.getByRole('row').filter({ hasText: 'check_demo_key' }).first().click();
  await expect(page.getByRole('complementary', { name: 'check_demo_key' })).toContainText(
    '"matches":true',
  );
  await dashboard.snap('call-log');
  await dashboard.go('Settings');
  await expect(page.getByText('Private file')).toBeVisible();
  await dashboard.snap('settings');
  await assertNeverShown();
});
