/**
 * Journey 5: a server was installed with a wrong env value; the person edits how it is launched
 * on the Servers screen (a new value for one variable, a variable added), saves, and the server
 * restarts with it. The change is in the config file; the values never come back to the page.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, serverEntries, test, textOf } from './fixtures.ts';

test('edits how a server is launched, and it restarts with the change', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const right = 'value-the-server-expects';
  const entry = serverEntries.secretCheck(createHash('sha256').update(right).digest('hex'));
  const gateway = await switchboard.start({
    'secret-check': { ...entry, env: { ...entry.env, DEMO_KEY: 'a-wrong-value' } },
  });
  const check = async () => {
    const client = await gateway.connect(); // a new session: a new server process
    const result = await client.callTool({ name: 'secret-check__check_demo_key', arguments: {} });
    return JSON.parse(textOf(result)) as { matches: boolean };
  };
  expect(await check()).toMatchObject({ matches: false });

  await dashboard.open(gateway);
  const row = page
    .getByRole('region', { name: 'Servers' })
    .getByRole('button', { name: /^secret-check\b/ });
  await expect(row.getByText('Running', { exact: true })).toBeVisible();
  await row.click();
  const detail = page.getByRole('region', { name: 'secret-check', exact: true });
  await detail.getByRole('tab', { name: 'Settings' }).click();
  const launch = detail.getByRole('region', { name: 'Command' });
  await expect(launch.getByLabel('Environment variable names')).toContainText('DEMO_KEY');
  await launch.getByRole('button', { name: 'Edit' }).click();

  const form = launch.getByRole('form', { name: 'Launch settings' });
  const save = form.getByRole('button', { name: 'Save and restart' });
  await expect(save).toBeDisabled(); // nothing changed yet
  const newValue = form.getByLabel('New value for DEMO_KEY', { exact: true });
  await expect(newValue).toHaveAttribute('type', 'password');
  await newValue.fill(right);
  await form.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('New variable 1 name').fill('EDITED_IN');
  await form.getByLabel('New variable 1 value').fill('the-dashboard');
  await dashboard.snap('editing');
  await save.click();

  // Saved: the form closes, the new name is listed, and the restarted server has the value.
  await expect(form).toBeHidden();
  await expect(launch.getByLabel('Environment variable names')).toContainText('EDITED_IN');
  await expect(row.getByText('Running', { exact: true })).toBeVisible();
  await dashboard.snap('saved');
  expect(await check()).toMatchObject({ matches: true });
  const saved = JSON.parse(readFileSync(join(gateway.dataDir, '..', 'mcp.json'), 'utf8'));
  expect(saved.mcpServers['secret-check'].env).toMatchObject({
    DEMO_KEY: right,
    EDITED_IN: 'the-dashboard',
  });

  // Write-only: the values are neither on the page nor in anything /api sent it.
  expect(await page.content()).not.toContain(right);
  expect(await dashboard.received()).not.toContain(right);
});
