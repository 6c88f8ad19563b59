/**
 * Journey: installing from the catalog. A registry on loopback lists a real npm server
 * (`@modelcontextprotocol/server-memory`, pinned) that needs a setting and a secret. The user
 * searches the catalog, fills the install form (the secret never shows again, on the page or
 * in anything /api sent), follows the install to its tools, approves an AI client's call in the
 * consent prompt (new tools ask first), sees the call in the log, and uninstalls it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test, textOf } from './fixtures.ts';

const SECRET = 'notes-key-5f1e3c9a';
const ENTRY = {
  server: {
    name: 'io.example/notes',
    title: 'Memory notes',
    description: 'A knowledge graph of notes, kept in a file you choose',
    version: '2026.8.31',
    packages: [
      {
        registryType: 'npm',
        identifier: '@modelcontextprotocol/server-memory',
        version: '2026.8.31',
        transport: { type: 'stdio' },
        environmentVariables: [
          { name: 'MEMORY_FILE_PATH', isRequired: true, description: 'The notes file' },
          { name: 'NOTES_API_KEY', isRequired: true, isSecret: true, description: 'Your key' },
        ],
      },
    ],
  },
};

test('searches the catalog, installs a server that needs a secret, uses it, uninstalls it', async ({
  page,
  switchboard,
  dashboard,
}) => {
  const registry = createServer((_request, response) =>
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ servers: [ENTRY], metadata: { count: 1 } })),
  );
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
  try {
    const gateway = await switchboard.start({}, { settings: { catalog: { registryUrl } } });
    await dashboard.open(gateway);
    await dashboard.go('Add servers');

    // Search: the registry's entry comes first, the bundled catalog fills in the rest.
    const catalog = page.getByRole('region', { name: 'Catalog' });
    await catalog.getByRole('searchbox', { name: 'Search servers' }).fill('notes knowledge');
    await catalog.getByRole('searchbox', { name: 'Search servers' }).press('Enter');
    const card = catalog.locator('[data-server="io.example/notes"]');
    await expect(catalog.getByRole('listitem').first()).toHaveAttribute(
      'data-server',
      'io.example/notes',
    );
    await expect(card).toContainText(
      'MEMORY_FILE_PATH (required), NOTES_API_KEY (secret, required)',
    );
    await expect(catalog.getByRole('status')).toContainText(
      /registry listing \(fetched just now\)/,
    );
    await dashboard.snap('search');

    // The form asks for exactly what the entry declares.
    await card.getByRole('button', { name: 'Install Memory notes' }).click();
    const panel = page.getByRole('region', { name: 'Install Memory notes' });
    const form = panel.getByRole('form', { name: 'Install Memory notes' });
    await expect(form.getByRole('textbox', { name: 'Server name' })).toHaveValue('notes');
    const notesFile = join(gateway.dataDir, 'notes.jsonl');
    await form.getByLabel(/MEMORY_FILE_PATH/).fill(notesFile);
    const secretField = form.getByLabel(/NOTES_API_KEY/);
    await expect(secretField).toHaveAttribute('type', 'password');
    await secretField.fill(SECRET);
    await dashboard.snap('form');
    await dashboard.listening('installs:progress');
    await form.getByRole('button', { name: 'Install' }).click();

    // Progress, then done; the server joins "Just added" and runs.
    await expect(panel.getByRole('status')).toHaveText('Installed notes.', { timeout: 120_000 });
    await expect(panel.locator('.install-lines')).toContainText(/added \d+ packages/);
    const received = await dashboard.received();
    expect(received).toMatch(/"phase":"downloading"[^}]*"fraction":0\.\d+/);
    await dashboard.snap('installed');
    const added = page.getByRole('region', { name: 'Just added' });
    const line = added.getByRole('listitem').filter({ hasText: 'notes' });
    await expect(line.getByText('Running', { exact: true })).toBeVisible();
    await expect(line).toContainText(/\d+ tools/);

    // The secret is in the secret store only: a reference in the config, never on the page.
    const saved = JSON.parse(readFileSync(join(gateway.dataDir, '..', 'mcp.json'), 'utf8'));
    expect(saved.mcpServers.notes).toMatchObject({
      command: 'node',
      env: { MEMORY_FILE_PATH: notesFile, NOTES_API_KEY: '${secret:NOTES_API_KEY}' },
      install: { source: 'npm', version: '2026.8.31' },
    });
    expect(readFileSync(join(gateway.dataDir, '..', 'mcp.json'), 'utf8')).not.toContain(SECRET);

    // Its tools, on the Servers screen.
    await line.getByRole('button', { name: 'Open notes' }).click();
    const server = page.getByRole('region', { name: 'notes', exact: true });
    await expect(server).toContainText('read_graph');

    // An AI client calls one; a new server's tools ask first, so the prompt comes up.
    await dashboard.listening('consent:requested');
    const client = await gateway.connect();
    const call = client.callTool({
      name: 'notes__create_entities',
      arguments: {
        entities: [
          { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] },
        ],
      },
    });
    const prompt = page.getByRole('alertdialog');
    await expect(prompt.getByRole('heading')).toHaveText('Allow create_entities on notes?');
    await prompt.getByRole('button', { name: /^Allow once/ }).click();
    expect(textOf(await call)).toContain('Ada');
    expect(readFileSync(notesFile, 'utf8')).toContain('wrote the first program');
    await dashboard.go('Call log');
    const grid = page.getByRole('grid', { name: 'Calls, newest first' });
    await expect(
      grid
        .getByRole('row')
        .filter({ hasText: 'create_entities' })
        .filter({ hasNotText: 'consent' }),
    ).toContainText('OK');

    expect(await page.content()).not.toContain(SECRET);
    expect(await dashboard.received()).not.toContain(SECRET);

    // Uninstall: a second click confirms; the server, its files and its secret are gone.
    await dashboard.go('Add servers');
    const installed = page.getByRole('region', { name: /^Installed/ });
    await installed.getByRole('button', { name: 'Uninstall notes' }).click();
    await installed.getByRole('button', { name: 'Confirm: uninstall notes' }).click();
    await expect(installed.getByRole('listitem').filter({ hasText: 'notes' })).toHaveCount(0);
    expect(existsSync(join(gateway.dataDir, 'servers', 'notes'))).toBe(false);
    const after = JSON.parse(readFileSync(join(gateway.dataDir, '..', 'mcp.json'), 'utf8'));
    expect(after.mcpServers.notes).toBeUndefined();
    await dashboard.snap('uninstalled');
    await client.close();
  } finally {
    registry.close();
  }
});
