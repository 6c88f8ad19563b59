/**
 * Journey 2: a tool set to "ask" on the Servers screen. An AI client's call brings up the
 * consent prompt; allowing once lets it run, denying refuses it, and an unanswered prompt (the
 * timeout set to 2 s on the Settings screen) denies it. Every decision shows in the Call log.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Page } from '@playwright/test';
import { expect, test, textOf, type Dashboard } from './fixtures.ts';

function echo(client: Client, message: string) {
  return client.callTool({ name: 'everything__echo', arguments: { message } });
}

/**
 * Opens the Call log at the newest call of echo (not its consent entry), once `calls` of them
 * are listed; returns the details pane.
 */
async function openLoggedCall(
  page: Page,
  dashboard: Dashboard,
  { message, status, calls }: { message: string; status: string; calls: number },
) {
  await dashboard.go('Call log');
  const grid = page.getByRole('grid', { name: 'Calls, newest first' });
  await expect(grid.getByRole('row').filter({ hasText: 'consent · echo' })).toHaveCount(calls);
  const echoCalls = grid
    .getByRole('row')
    .filter({ hasText: 'echo' })
    .filter({ hasNotText: 'consent' });
  await expect(echoCalls).toHaveCount(calls);
  const row = echoCalls.first();
  await expect(row).toContainText('default');
  await expect(row).toContainText(status);
  await row.click();
  const details = page.getByRole('complementary', { name: 'echo' });
  await expect(details).toBeVisible();
  await expect(details).toContainText(message);
  return details;
}

test('asks before an "ask" tool runs: allow once, deny, and timeout', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const gateway = await switchboard.start();
  await dashboard.open(gateway);

  // The three-way switch on the Servers screen.
  await page
    .getByRole('region', { name: 'Servers' })
    .getByRole('button', { name: /^everything\b/ })
    .click();
  const policy = page.getByRole('radiogroup', { name: 'Policy for echo' });
  await expect(policy.getByRole('radio', { name: 'Allow' })).toBeChecked();
  await policy.getByText('Ask', { exact: true }).click();
  await expect(policy.getByRole('radio', { name: 'Ask' })).toBeChecked();
  const echoRow = page.getByRole('listitem').filter({ has: policy });
  await expect(echoRow).toContainText('set for this profile');
  await dashboard.snap('echo-set-to-ask');
  await dashboard.listening('consent:requested');

  const client = await gateway.connect();
  const prompt = page.getByRole('alertdialog');

  // Allow once: the call runs.
  const allowed = echo(client, 'please allow');
  await expect(prompt).toBeVisible();
  await expect(prompt.getByRole('heading')).toHaveText('Allow echo on everything?');
  // The first-run client "default" is asking (the token's client, not the SDK client's name).
  await expect(prompt).toContainText('default wants to use a tool');
  await expect(prompt.getByLabel('Arguments of the call')).toContainText(
    '"message": "please allow"',
  );
  await dashboard.snap('prompt');
  await prompt.getByRole('button', { name: /^Allow once/ }).click();
  await expect(prompt).toBeHidden();
  expect(textOf(await allowed)).toBe('Echo: please allow');
  const allowedDetails = await openLoggedCall(page, dashboard, {
    message: 'please allow',
    status: 'OK',
    calls: 1,
  });
  await expect(allowedDetails).toContainText(/Consent\s*Allowed\s*allow-once · by dashboard/);
  await dashboard.snap('log-allowed');

  // Deny: the client gets a tool error saying the call was not approved.
  const denied = echo(client, 'please deny');
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('"message": "please deny"');
  await prompt.getByRole('button', { name: /^Deny/ }).click();
  await expect(prompt).toBeHidden();
  const refusal = await denied;
  expect(refusal.isError).toBe(true);
  expect(textOf(refusal)).toMatch(/did not run "echo".*not approved \(the user denied it\)/);
  const deniedDetails = await openLoggedCall(page, dashboard, {
    message: 'please deny',
    status: 'Denied',
    calls: 2,
  });
  await expect(deniedDetails).toContainText(/Consent\s*Denied\s*deny · by dashboard/);
  await expect(deniedDetails).toContainText('not approved');
  await dashboard.snap('log-denied');

  // Timeout: set to 2 seconds on the Settings screen, then nobody answers.
  await dashboard.go('Settings');
  const timeout = page.getByLabel('Consent timeout');
  await expect(timeout).toHaveValue('120');
  await timeout.fill('2');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await dashboard.snap('settings-timeout-2s');

  const unanswered = echo(client, 'nobody answers');
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('"message": "nobody answers"');
  await expect(prompt).toContainText(/Denied automatically in|Expired/);
  await dashboard.snap('prompt-timing-out');
  await expect(prompt).toBeHidden();
  const expired = await unanswered;
  expect(expired.isError).toBe(true);
  expect(textOf(expired)).toMatch(/not approved \(nobody answered the consent prompt in time\)/);
  const expiredDetails = await openLoggedCall(page, dashboard, {
    message: 'nobody answers',
    status: 'Denied',
    calls: 3,
  });
  await expect(expiredDetails).toContainText(/Consent\s*Denied\s*timeout · by switchboard/);
  await dashboard.snap('log-timeout');
});
