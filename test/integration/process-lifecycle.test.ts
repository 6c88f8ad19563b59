/**
 * The real CLI as a user runs it: `switchboard serve` in its own process, its children, signals,
 * a hard kill and the reaping of its orphans, `servers list`, `clients add|list|revoke` and the
 * first-run token, and refusals at start-up.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerSummary } from '../../shared/server-status.ts';
import {
  runCli,
  serveCli,
  startedGateways,
  tokensIn,
  type Serving,
} from '../helpers/cli-process.ts';
import { NODE } from '../helpers/gateway-harness.ts';
import { eventually, isAlive, PROBE } from '../fixtures/probe.ts';

let dir: string;
const seenPids = new Set<number>();

const parentOf = (pid: number) =>
  Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);

function writeConfig(servers: Record<string, unknown>): string {
  const file = join(dir, `config-${Object.keys(servers).join('-')}.json`);
  writeFileSync(file, JSON.stringify({ mcpServers: servers }));
  return file;
}

/** `switchboard clients add NAME`: the token it prints. */
async function addClient(dataDir: string, name: string): Promise<string> {
  const added = await runCli(['clients', 'add', name, '--data-dir', dataDir]);
  expect(added, added.stderr).toMatchObject({ code: 0, stderr: '' });
  expect(added.stdout).toContain(`Created client "${name}" (profile default).`);
  const tokens = tokensIn(added.stdout);
  expect(tokens).toHaveLength(1);
  expect(tokens[0]).toMatch(/^sb_[A-Za-z0-9_-]{43}$/);
  return tokens[0]!;
}

/** The status of an initialize with this token (no upstream servers: nothing is started). */
async function initStatus(url: string, token: string): Promise<number> {
  const response = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'status', version: '1' },
      },
    }),
  });
  await response.text();
  return response.status;
}

/** `clients list --json`, without the dates and ids. */
async function listClients(
  dataDir: string,
): Promise<{ name: string; profile: string; state: string }[]> {
  const listed = await runCli(['clients', 'list', '--json', '--data-dir', dataDir]);
  expect(listed, listed.stderr).toMatchObject({ code: 0, stderr: '' });
  const clients = JSON.parse(listed.stdout) as Record<string, unknown>[];
  // Neither a token nor its hash ever leaves the data dir.
  for (const client of clients) expect(Object.keys(client)).not.toContain('tokenHash');
  return clients.map((client) => ({
    name: client.name as string,
    profile: client.profile as string,
    state: client.revokedAt === undefined ? 'active' : 'revoked',
  }));
}

async function stop(gateway: Serving): Promise<void> {
  gateway.child.kill('SIGTERM');
  expect(await gateway.exited).toEqual({ code: 0, signal: null });
}

/** The child pids the gateway recorded for reaping after a hard kill. */
function recordedChildren(dataDir: string, gatewayPid: number): number[] {
  const file = join(dataDir, 'run', `children-${gatewayPid}.json`);
  const pids = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { pid: number }[]).map((entry) => entry.pid)
    : [];
  for (const pid of pids) seenPids.add(pid);
  return pids;
}

/** Polls the admin API (no event reaches this process) until the servers are in these states. */
async function untilAll(url: string, dataDir: string, states: Record<string, string>) {
  const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
  const headers = { authorization: `Bearer ${token}` };
  await eventually(async () => {
    const response = await fetch(`${url}/api/rpc/servers:list`, { method: 'POST', headers });
    const { value: servers } = (await response.json()) as { value: ServerSummary[] };
    expect(Object.fromEntries(servers.map((s) => [s.name, s.status.state]))).toEqual(states);
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
});
afterEach(() => {
  // Only what this file started, by pid: gateways first, then any child group still around
  // (including the children of a gateway whose test failed before it looked at them).
  for (const { child, dataDir } of startedGateways.splice(0)) {
    if (child.pid !== undefined) recordedChildren(dataDir, child.pid);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const pid of seenPids) if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
  seenPids.clear();
  rmSync(dir, { recursive: true, force: true });
});

describe('switchboard serve as a process', () => {
  it('runs children under itself, lists them, and on SIGINT stops every one and exits 0', async () => {
    const dataDir = join(dir, 'data');
    const config = writeConfig({
      probe: { command: NODE, args: [PROBE] },
      stubborn: { command: NODE, args: [PROBE], env: { PROBE_IGNORE_STDIN_END: '1' } },
      broken: { command: join(dir, 'no-such-command') },
    });
    // Settings live beside the data: make the broken server give up quickly.
    mkdirSync(dataDir);
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ limits: { restartBaseMs: 20, restartCapMs: 40, maxRestarts: 1 } }),
    );
    // A client made before the first start: the gateway then has no reason to make its own.
    const token = await addClient(dataDir, 'lifecycle');
    const gateway = await serveCli(config, dataDir);
    expect(tokensIn(gateway.stdout())).toEqual([]);
    expect(gateway.stdout()).toContain(`probe                ${gateway.url}/mcp/servers/probe`);
    expect(JSON.parse(readFileSync(join(dataDir, 'gateway.json'), 'utf8'))).toEqual({
      url: gateway.url,
      pid: gateway.pid,
    });
    await untilAll(gateway.url, dataDir, {
      probe: 'running',
      stubborn: 'running',
      broken: 'failed',
    });

    // A session gets its own child of each server.
    const client = new Client({ name: 'lifecycle', version: '1.0.0' });
    const requestInit = { headers: { authorization: `Bearer ${token}` } };
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${gateway.url}/mcp`), { requestInit }),
    );
    for (const server of ['probe', 'stubborn']) {
      const result = await client.callTool({
        name: `${server}__echo`,
        arguments: { text: server },
      });
      expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toMatchObject({
        echo: server,
      });
    }
    const children = recordedChildren(dataDir, gateway.pid);
    expect(children).toHaveLength(4);
    for (const pid of children) {
      expect(isAlive(pid)).toBe(true);
      expect(parentOf(pid)).toBe(gateway.pid);
    }

    const listed = await runCli(['servers', 'list', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'TOOLS', 'RESTARTS', 'ISOLATION', 'DETAIL']);
    expect(rows.slice(1).map((row) => row.slice(0, 5))).toEqual([
      ['probe', 'running', '4', '0', 'per-session'],
      ['stubborn', 'running', '4', '0', 'per-session'],
      ['broken', 'failed', '0', '1', 'per-session'],
    ]);
    expect(rows[3]![5]).toMatch(/ENOENT/);

    // A fresh dashboard link: it signs a browser in once, then no more.
    const link = await runCli(['dashboard', '--data-dir', dataDir]);
    expect(link.code).toBe(0);
    const loginUrl = /(http:\/\/\S+\/login\?code=\S+)/.exec(link.stdout)?.[1];
    expect(loginUrl).toBeDefined();
    const first = await fetch(loginUrl!, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await fetch(loginUrl!, { redirect: 'manual' })).status).not.toBe(303);

    // The stubborn children ignore their closed stdin: stopping them takes the SIGTERM step.
    gateway.child.kill('SIGINT');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    await client.close().catch(() => {});
    expect(gateway.stdout()).toContain('SIGINT: stopping servers');
    expect(children.filter(isAlive)).toEqual([]);
    expect(existsSync(join(dataDir, 'run', `children-${gateway.pid}.json`))).toBe(false);
    expect(existsSync(join(dataDir, 'gateway.json'))).toBe(false);
  });

  it('reaps the children of a kill -9ed gateway when the next one starts on the same data dir', async () => {
    const dataDir = join(dir, 'data');
    const config = writeConfig({
      a: { command: NODE, args: [PROBE], env: { PROBE_IGNORE_STDIN_END: '1' } },
      b: { command: NODE, args: [PROBE], env: { PROBE_IGNORE_STDIN_END: '1' } },
    });
    const first = await serveCli(config, dataDir);
    await untilAll(first.url, dataDir, { a: 'running', b: 'running' });
    const orphans = recordedChildren(dataDir, first.pid);
    expect(orphans).toHaveLength(2);

    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Nobody stopped them: they outlive the gateway, no longer its children.
    for (const pid of orphans) {
      expect(isAlive(pid)).toBe(true);
      expect(parentOf(pid)).not.toBe(first.pid);
    }

    // Same data dir, any config (a polite server this time, so the final stop is quick).
    const second = await serveCli(writeConfig({ c: { command: NODE, args: [PROBE] } }), dataDir); // reaps before it listens
    await eventually(() => expect(orphans.filter(isAlive)).toEqual([]));
    expect(existsSync(join(dataDir, 'run', `children-${first.pid}.json`))).toBe(false);
    await untilAll(second.url, dataDir, { c: 'running' });
    const fresh = recordedChildren(dataDir, second.pid);
    expect(fresh).toHaveLength(1);
    expect(fresh.filter((pid) => orphans.includes(pid))).toEqual([]);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(fresh.filter(isAlive)).toEqual([]);
  });

  it('prints a token for a client "default" on the first start only; clients list and revoke manage it', async () => {
    const dataDir = join(dir, 'data');
    const config = writeConfig({});
    const first = await serveCli(config, dataDir);
    expect(first.stdout()).toContain('First run: created client "default".');
    const [token] = tokensIn(first.stdout());
    expect(tokensIn(first.stdout())).toHaveLength(1);
    expect(token).toMatch(/^sb_[A-Za-z0-9_-]{43}$/);
    expect(await initStatus(first.url, token!)).toBe(200);
    expect(await initStatus(first.url, `${token}x`)).toBe(401);
    await stop(first);

    // Same data dir: the client is there already, and its token is never printed again.
    const second = await serveCli(config, dataDir);
    expect(second.stdout()).not.toContain('First run');
    expect(tokensIn(second.stdout())).toEqual([]);
    expect(second.stdout()).not.toContain(token);
    expect(await initStatus(second.url, token!)).toBe(200);
    await stop(second);

    const table = await runCli(['clients', 'list', '--data-dir', dataDir]);
    expect(table.code).toBe(0);
    const rows = table.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s{2,}/));
    expect(rows[0]).toEqual(['NAME', 'PROFILE', 'STATE', 'CREATED', 'ID']);
    expect(rows.slice(1).map((row) => row.slice(0, 3))).toEqual([['default', 'default', 'active']]);
    expect(table.stdout).not.toContain(token);

    // Revoked while no gateway runs: the next one refuses the token, and makes no new client.
    const other = await addClient(dataDir, 'other');
    const revoked = await runCli(['clients', 'revoke', 'default', '--data-dir', dataDir]);
    expect(revoked).toMatchObject({ code: 0, stdout: 'Revoked client "default".\n' });
    expect(await listClients(dataDir)).toEqual([
      { name: 'default', profile: 'default', state: 'revoked' },
      { name: 'other', profile: 'default', state: 'active' },
    ]);
    const third = await serveCli(config, dataDir);
    expect(tokensIn(third.stdout())).toEqual([]);
    expect(await initStatus(third.url, token!)).toBe(401);
    expect(await initStatus(third.url, other)).toBe(200);
    await stop(third);

    const again = await runCli(['clients', 'revoke', 'default', '--data-dir', dataDir]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('no active client with id or name "default"');
  });

  // The CLI changes clients.json beside a running gateway, which picks the change up at once.
  it('clients revoke stops a token on a running gateway at once', async () => {
    const dataDir = join(dir, 'data');
    const token = await addClient(dataDir, 'revoked-live');
    const gateway = await serveCli(writeConfig({}), dataDir);
    expect(await initStatus(gateway.url, token)).toBe(200);
    const revoked = await runCli(['clients', 'revoke', 'revoked-live', '--data-dir', dataDir]);
    expect(revoked.code).toBe(0);
    await eventually(async () => expect(await initStatus(gateway.url, token)).toBe(401), 3000);
  });

  // Likewise a client added while the gateway runs.
  it('clients add makes a token that a running gateway takes', async () => {
    const dataDir = join(dir, 'data');
    await addClient(dataDir, 'first');
    const gateway = await serveCli(writeConfig({}), dataDir);
    const token = await addClient(dataDir, 'added-live');
    await eventually(async () => expect(await initStatus(gateway.url, token)).toBe(200), 3000);
  });

  it('refuses a non-loopback --host without --allow-remote, saying why', async () => {
    const dataDir = join(dir, 'data');
    const result = await runCli([
      'serve',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--config',
      writeConfig({}),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /refusing to listen on 0\.0\.0\.0: .*reachable from other machines.*--allow-remote/,
    );
    expect(existsSync(join(dataDir, 'gateway.json'))).toBe(false);
  });

  it.each([
    [
      'a server without a command',
      { bad: { args: ['x'] } },
      '"mcpServers.bad" needs either "command"',
    ],
    [
      'args that are not a list',
      { ok: { command: 'x', args: 'nope' } },
      '"mcpServers.ok.args" Invalid input: expected array',
    ],
    [
      'a name with "__"',
      { a__b: { command: 'x' } },
      '"mcpServers.a__b" is not a usable server name',
    ],
  ])(
    'exits non-zero on a config with %s, naming the file and the key',
    async (_case, servers, message) => {
      const config = writeConfig(servers);
      const dataDir = join(dir, 'data');
      const result = await runCli([
        'serve',
        '--config',
        config,
        '--data-dir',
        dataDir,
        '--port',
        '0',
      ]);
      expect(result.code).not.toBe(0);
      expect(result.stdout).not.toContain('Switchboard is serving');
      expect(result.stderr).toContain(`switchboard: ${config}: ${message}`);
      expect(existsSync(join(dataDir, 'gateway.json'))).toBe(false);
    },
  );
});
