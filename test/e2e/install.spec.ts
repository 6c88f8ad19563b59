/**
 * Journey 6: installing servers from the dashboard. One is added with the form (its start
 * followed live under "Just added"), another imported from a Claude Desktop config file; both
 * are saved to the gateway's config and an AI client on /mcp sees their tools.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, serverEntries, test } from './fixtures.ts';

test('adds a server with the form and imports another from a config file', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const everything = serverEntries.everything();
  const memory = serverEntries.memory();
  const gateway = await switchboard.start({ everything });
  const client = await gateway.connect();
  await dashboard.open(gateway);
  await dashboard.go('Add servers');

  // The form: a local command with one env variable, its tools allowed.
  const form = page.getByRole('region', { name: 'Add a server' });
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('notes');
  await form.getByRole('textbox', { name: 'Command', exact: true }).fill(memory.command);
  await form.getByRole('textbox', { name: 'Arguments', exact: true }).fill(memory.args.join(' '));
  await form.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('variable 1 name').fill('MEMORY_FILE_PATH');
  await form.getByLabel('variable 1 value').fill(join(gateway.dataDir, 'notes.jsonl'));
  await form
    .getByRole('radiogroup', { name: 'Default policy for its tools' })
    .getByText('Allow')
    .click();
  await form.getByRole('button', { name: 'Add and start' }).click();

  const added = page.getByRole('region', { name: 'Just added' });
  const line = added.getByRole('listitem').filter({ hasText: 'notes' });
  await expect(line.getByText('Running', { exact: true })).toBeVisible();
  await expect(line).toContainText(/\d+ tools/);
  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(''); // ready for the next one
  await dashboard.snap('added');

  // Import: Claude Desktop's file, with one server new and one already here.
  const claudeConfig = join(gateway.dataDir, '..', 'claude_desktop_config.json');
  writeFileSync(
    claudeConfig,
    JSON.stringify({
      mcpServers: {
        everything,
        journal: { ...memory, env: { MEMORY_FILE_PATH: join(gateway.dataDir, 'journal.jsonl') } },
      },
    }),
  );
  const importer = page.getByRole('region', { name: 'Import from a config file' });
  await importer.getByLabel('Config file path').fill(claudeConfig);
  await importer.getByRole('button', { name: 'Import' }).click();
  await expect(importer.getByRole('status')).toHaveText(
    'Added 1 server: journal. Skipped everything (already configured).',
  );
  await expect(
    added
      .getByRole('listitem')
      .filter({ hasText: 'journal' })
      .getByText('Running', { exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: /^Installed/ })).toContainText('journal');
  await dashboard.snap('imported');

  // Saved, and served: an AI client sees the tools of both.
  const saved = JSON.parse(readFileSync(join(gateway.dataDir, '..', 'mcp.json'), 'utf8'));
  expect(Object.keys(saved.mcpServers).sort()).toEqual(['everything', 'journal', 'notes']);
  const names = (await client.listTools()).tools.map((tool) => tool.name);
  expect(names).toEqual(expect.arrayContaining(['notes__read_graph', 'journal__read_graph']));

  // "Open" leads to the server on the Servers screen.
  await line.getByRole('button', { name: 'Open notes' }).click();
  await expect(page.getByRole('region', { name: 'notes', exact: true })).toBeVisible();
});
