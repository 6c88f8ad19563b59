/**
 * Journey: moving in and connecting an app. VS Code's own config (JSONC, with comments and a
 * literal token) sits in a scratch home. The user imports its server into Switchboard with
 * the token moved to the secret store, connects VS Code (the file gains our entry and keeps
 * its comments; the token written there works, and never reaches the page), then undoes it:
 * the file is back byte for byte.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parse } from 'jsonc-parser';
import { expect, serverEntries, test } from './fixtures.ts';

const LITERAL = 'ghp_e2e_literal_7c1d';

test('imports an app’s server, connects the app, and undoes it', async ({
  page,
  switchboard,
  dashboard,
}, testInfo) => {
  const home = testInfo.outputPath('home');
  const file = join(home, '.config', 'Code', 'User', 'mcp.json');
  mkdirSync(join(file, '..'), { recursive: true });
  const memory = serverEntries.memory();
  const original = [
    '// my editor servers',
    '{',
    '  "servers": {',
    `    "notes": { "command": ${JSON.stringify(memory.command)}, "args": ${JSON.stringify(memory.args)}, "env": { "GITHUB_TOKEN": "${LITERAL}" } }, // daily`,
    '  },',
    '}',
    '',
  ].join('\n');
  writeFileSync(file, original);

  const gateway = await switchboard.start({}, { env: { HOME: home } });
  await dashboard.open(gateway);
  await dashboard.go('Clients');
  const apps = page.getByRole('region', { name: 'Your AI apps' });
  const vscode = apps.locator('[data-app="vscode"]');
  await expect(vscode).toContainText('Not connected');
  await expect(vscode).toContainText(file);

  // Import: the literal token is named by key, and moved to the secret store.
  await vscode.getByRole('button', { name: 'Import 1 server…' }).click();
  const panel = vscode.getByRole('group', { name: 'Import from VS Code' });
  await expect(panel.getByLabel(/Move 1 secret \(notes: GITHUB_TOKEN\)/)).toBeChecked();
  await dashboard.snap('import');
  await panel.getByRole('button', { name: 'Import 1 server' }).click();
  await expect(vscode.getByRole('status')).toHaveText(
    'Imported 1 server; 1 secret moved to the keychain.',
  );
  const servers = readFileSync(join(gateway.dataDir, '..', 'mcp.json'), 'utf8');
  expect(servers).toContain('"GITHUB_TOKEN": "${secret:GITHUB_TOKEN}"');
  expect(servers).not.toContain(LITERAL);

  // Connect: our entry joins the file, everything else stays, the token works.
  await vscode.getByRole('button', { name: 'Connect VS Code' }).click();
  await expect(vscode.getByRole('status')).toContainText(`Updated ${file}.`);
  await expect(vscode).toContainText('Connected');
  await dashboard.snap('connected');
  const written = readFileSync(file, 'utf8');
  expect(written).toContain('// my editor servers');
  expect(written).toContain('// daily');
  const entry = (
    parse(written) as { servers: { switchboard: { url: string; headers: Record<string, string> } } }
  ).servers.switchboard;
  expect(entry.url).toBe(gateway.mcpUrl);
  const client = new Client({ name: 'vscode', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(entry.url), {
      requestInit: { headers: entry.headers },
    }),
  );
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toContain('notes__read_graph');
  await client.close();
  const token = entry.headers.Authorization!.replace('Bearer ', '');
  expect(await page.content()).not.toContain(token);
  expect(await dashboard.received()).not.toContain(token);
  expect(await dashboard.received()).not.toContain(LITERAL);

  // Undo: the file is exactly what it was, and the token no longer works.
  await vscode.getByRole('button', { name: 'Undo connecting VS Code' }).click();
  await expect(vscode.getByRole('status')).toHaveText(`Restored ${file} and revoked its token.`);
  expect(readFileSync(file, 'utf8')).toBe(original);
  await expect(vscode).toContainText('Not connected');
  const refused = await fetch(entry.url, {
    method: 'POST',
    headers: {
      ...entry.headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  expect(refused.status).toBe(401);
});
