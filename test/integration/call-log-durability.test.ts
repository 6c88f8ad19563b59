/**
 * The call log's promise on a crash: a `switchboard serve` killed with SIGKILL loses at most the
 * batch it had not written yet. Everything written before stays, the SQLite file stays sound,
 * and the next gateway on the same data dir carries on from it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, expect, it } from 'vitest';
import { CALL_LOG_FILE } from '../../electron/gateway/audit/call-log-store.ts';
import { runCli, serveCli, startedGateways, tokensIn } from '../helpers/cli-process.ts';
import { NODE } from '../helpers/gateway-harness.ts';
import { eventually, PROBE } from '../fixtures/probe.ts';

let dir: string;

afterEach(() => {
  for (const { child } of startedGateways.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The echo texts of the tool calls on disk, oldest first, read as another process would. */
function echoedOnDisk(dataDir: string): string[] {
  const db = new DatabaseSync(join(dataDir, CALL_LOG_FILE), { readOnly: true });
  try {
    const rows = db
      .prepare(
        "SELECT arguments FROM calls WHERE kind = 'tools/call' AND name = 'echo' ORDER BY id",
      )
      .all() as unknown as { arguments: string }[];
    return rows.map((row) => (JSON.parse(row.arguments) as { text: string }).text);
  } finally {
    db.close();
  }
}

it('keeps every written call across a kill -9; the next gateway carries on from them', async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-durability-'));
  const dataDir = join(dir, 'data');
  const config = join(dir, 'mcp.json');
  writeFileSync(
    config,
    JSON.stringify({ mcpServers: { probe: { command: NODE, args: [PROBE] } } }),
  );

  const first = await serveCli(config, dataDir);
  const [token] = tokensIn(first.stdout());
  const client = new Client({ name: 'durability', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${first.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  const texts = Array.from({ length: 25 }, (_, index) => `call ${index}`);
  for (const text of texts.slice(0, 20))
    await client.callTool({ name: 'probe__echo', arguments: { text } });
  // Written off the request path, in batches: wait until the batch is on disk.
  await eventually(() => expect(echoedOnDisk(dataDir)).toEqual(texts.slice(0, 20)));
  for (const text of texts.slice(20))
    await client.callTool({ name: 'probe__echo', arguments: { text } });

  first.child.kill('SIGKILL');
  expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

  // What was written is all there, in order; of the last batch, at most all of it.
  const kept = echoedOnDisk(dataDir);
  expect(kept.slice(0, 20)).toEqual(texts.slice(0, 20));
  expect(texts.slice(0, kept.length)).toEqual(kept);
  const db = new DatabaseSync(join(dataDir, CALL_LOG_FILE), { readOnly: true });
  expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  db.close();

  // The next gateway opens the same log and adds to it; `log export` reads it all.
  const second = await serveCli(config, dataDir);
  const added = (await runCli(['clients', 'add', 'after-crash', '--data-dir', dataDir])).stdout;
  const [again] = tokensIn(added);
  const next = new Client({ name: 'after', version: '1.0.0' });
  await next.connect(
    new StreamableHTTPClientTransport(new URL(`${second.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${again}` } },
    }),
  );
  await next.callTool({ name: 'probe__echo', arguments: { text: 'after the crash' } });
  await next.close();
  second.child.kill('SIGTERM'); // a clean stop writes what is queued
  expect(await second.exited).toEqual({ code: 0, signal: null });
  const exported = await runCli(['log', 'export', '--format', 'jsonl', '--data-dir', dataDir]);
  expect(exported.code, exported.stderr).toBe(0);
  const echoed = exported.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { name: string; arguments: { text: string } })
    .filter((entry) => entry.name === 'echo')
    .map((entry) => entry.arguments.text);
  expect(echoed).toEqual([...kept, 'after the crash']);
});
