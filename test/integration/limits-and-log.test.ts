/**
 * Rate and concurrency limits as clients meet them, and the audited call log: what it records
 * for every gated call, what it never keeps (secrets, tokens), how it is queried, paged and
 * exported by the CLI — and that nothing secret ends up on disk.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallLogEntrySchema, type CallLogEntry } from '../../shared/call-log.ts';
import { CSV_COLUMNS } from '../../electron/gateway/audit/call-log-export.ts';
import { LIMIT_ERROR_CODE } from '../../electron/gateway/limits/limit-error.ts';
import { secretAccount } from '../../electron/gateway/secrets/secret-store.ts';
import { NODE, ROOT, startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { eventually } from '../fixtures/probe.ts';
import { filesUnder, findInFiles, jsonOf, trustProbe } from '../fixtures/trust-probe.ts';
import { parseCsv } from '../helpers/parse-csv.ts';

const run = promisify(execFile);

/** The files a gateway may leave in its data dir (after stop, SQLite's -wal/-shm are usually gone). */
const KNOWN_FILES = [
  'admin-token',
  'call-log.sqlite',
  'call-log.sqlite-shm',
  'call-log.sqlite-wal',
  'clients.json',
  'secrets.json',
];

/** The error a promise rejects with (it must reject). */
async function rejectionOf(promise: Promise<unknown>): Promise<McpError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(McpError);
  return outcome as McpError;
}

/** Calls until refused (the bucket may refill a little meanwhile); how many passed, and why not. */
async function untilRefused(
  call: () => Promise<unknown>,
  max = 10,
): Promise<{ passed: number; error: McpError }> {
  for (let passed = 0; passed < max; passed++) {
    const error = await call().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (error) {
      expect(error).toBeInstanceOf(McpError);
      return { passed, error: error as McpError };
    }
  }
  throw new Error(`not refused within ${max} calls`);
}

const sessionIdOf = (client: Client) =>
  (client.transport as StreamableHTTPClientTransport).sessionId!;

describe('rate and concurrency limits', () => {
  let harness: Harness;
  let holdDir: string;
  const tokens: string[] = [];
  const client = async (name: string) => {
    const token = harness.addClient(name);
    tokens.push(token);
    return harness.connect({ token });
  };

  beforeAll(async () => {
    holdDir = mkdtempSync(join(tmpdir(), 'switchboard-hold-'));
    harness = await startGateway([trustProbe('probe'), trustProbe('slow')], {
      settings: {
        quotas: {
          rate: {
            // Slow refill per client, so that only the tool limit has to be waited out here.
            perClient: { perSecond: 0.2, burst: 10 },
            perClientTool: { perSecond: 2, burst: 3 },
          },
          concurrency: {
            queueFullRetryMs: 250,
            servers: { slow: { maxConcurrent: 1, maxQueue: 1 } },
          },
        },
      },
    });
    tokens.push(harness.token);
  });
  afterAll(async () => {
    await harness.close();
    rmSync(holdDir, { recursive: true, force: true });
  });

  it('refuses a (client, tool) over its burst with a JSON-RPC error naming the limit and retryAfterMs, then lets it through after that wait', async () => {
    const c1 = await client('rate-tool');
    const echo = (text: string) => c1.callTool({ name: 'probe__echo', arguments: { text } });
    const first = await untilRefused(() => echo('burst'));
    // The burst, plus whatever refilled while calling (on a loaded machine, a little).
    expect(first.passed).toBeGreaterThanOrEqual(3);
    expect(first.error.code).toBe(LIMIT_ERROR_CODE);
    expect(first.error.message).toMatch(
      /Rate limit for this tool exceeded \[limit: client-tool\]: retry after \d+ ms/,
    );
    const data = first.error.data as { limit: string; retryAfterMs: number };
    expect(data.limit).toBe('client-tool');
    expect(data.retryAfterMs).toBeGreaterThan(0);
    expect(data.retryAfterMs).toBeLessThanOrEqual(500); // one token at 2 per second

    // Independent: the same client's other tools, and other clients' same tool, still pass.
    const env = await c1.callTool({ name: 'probe__env', arguments: { name: 'HOME' } });
    expect(jsonOf(env)).toMatchObject({ name: 'HOME' });
    const c2 = await client('rate-tool-other');
    expect(
      jsonOf(await c2.callTool({ name: 'probe__echo', arguments: { text: 'other' } })),
    ).toMatchObject({ echo: 'other' });
    // Refused again; after retryAfterMs (the one wait the limit itself sets) it passes.
    const again = await untilRefused(() => echo('again'));
    expect(again.error.message).toMatch(/\[limit: client-tool\]/);
    const { retryAfterMs } = again.error.data as { retryAfterMs: number };
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
    expect(jsonOf(await echo('after the wait'))).toMatchObject({ echo: 'after the wait' });

    const logged = harness.gateway.trust.callLog.query({ client: 'rate-tool' }).entries;
    expect(logged.filter((entry) => entry.status === 'rate-limited')).toHaveLength(2);
    expect(logged.filter((entry) => entry.status === 'ok')).toHaveLength(
      first.passed + again.passed + 2,
    );
  });

  it('refuses a client over its own burst across tools and kinds with limit "client"', async () => {
    const c3 = await client('rate-client');
    // Ten calls, no tool past its own burst of three: only the client's bucket empties.
    for (const [tool, times] of [
      ['echo', 3],
      ['env', 3],
      ['log', 3],
      ['fail', 1],
    ] as const)
      for (let i = 0; i < times; i++)
        await c3.callTool({ name: `probe__${tool}`, arguments: { name: 'HOME', count: 0 } });
    // A prompt this client never asked for: its own bucket is full, the client's is empty.
    const error = await rejectionOf(
      c3.getPrompt({ name: 'probe__greeting', arguments: { name: 'Ada' } }),
    );
    expect(error.code).toBe(LIMIT_ERROR_CODE);
    expect(error.message).toMatch(/Rate limit for this client exceeded \[limit: client\]/);
    const data = error.data as { limit: string; retryAfterMs: number };
    expect(data.limit).toBe('client');
    expect(data.retryAfterMs).toBeGreaterThan(0);
    expect(data.retryAfterMs).toBeLessThanOrEqual(5000); // one token at 0.2 per second
    // Another client is not affected.
    const c4 = await client('rate-client-other');
    await expect(
      c4.getPrompt({ name: 'probe__greeting', arguments: { name: 'Ada' } }),
    ).resolves.toMatchObject({ messages: [expect.anything()] });
  });

  it('caps calls in flight per server: one runs, one waits in line, the next fails fast', async () => {
    const limiter = harness.gateway.trust.concurrency;
    const s1 = await client('cap-1');
    const s2 = await client('cap-2');
    const s3 = await client('cap-3');
    const file = join(holdDir, 'release');
    let heldDone = false;
    let queuedDone = false;
    const held = s1
      .callTool({ name: 'slow__hold', arguments: { file } })
      .finally(() => (heldDone = true));
    await eventually(() => expect(limiter.stats('slow')).toEqual({ active: 1, queued: 0 }));
    const queued = s2
      .callTool({ name: 'slow__echo', arguments: { text: 'queued' } })
      .finally(() => (queuedDone = true));
    await eventually(() => expect(limiter.stats('slow')).toEqual({ active: 1, queued: 1 }));

    const error = await rejectionOf(
      s3.callTool({ name: 'slow__echo', arguments: { text: 'one too many' } }),
    );
    expect(error.code).toBe(LIMIT_ERROR_CODE);
    expect(error.message).toMatch(
      /Too many calls in flight or waiting for this server \(server "slow": 1 running, 1 waiting\) \[limit: server-concurrency\]/,
    );
    expect(error.data).toEqual({ limit: 'server-concurrency', retryAfterMs: 250 });
    // Failed fast: the calls ahead of it are still where they were.
    expect([heldDone, queuedDone]).toEqual([false, false]);
    // The cap is per server: another server answers meanwhile.
    expect(
      jsonOf(await s3.callTool({ name: 'probe__echo', arguments: { text: 'elsewhere' } })),
    ).toMatchObject({ echo: 'elsewhere' });
    expect([heldDone, queuedDone]).toEqual([false, false]);

    writeFileSync(file, 'go');
    expect(jsonOf(await held)).toMatchObject({ held: file });
    expect(jsonOf(await queued)).toMatchObject({ echo: 'queued' });
    expect(limiter.stats('slow')).toEqual({ active: 0, queued: 0 });
    const refused = harness.gateway.trust.callLog.query({ client: 'cap-3', server: 'slow' });
    expect(refused.entries.map((entry) => entry.status)).toEqual(['rate-limited']);
  });

  it('leaves no client token in any file under the data dir', async () => {
    await harness.gateway.stop();
    expect(filesUnder(harness.dataDir).filter((file) => !KNOWN_FILES.includes(file))).toEqual([]);
    expect(findInFiles(harness.dataDir, tokens)).toEqual({});
  });
});

describe('the call log', () => {
  let harness: Harness;
  const secret = `probe-key-${randomBytes(16).toString('hex')}`;
  const keyed = {
    password: `hunter2-${randomBytes(6).toString('hex')}`,
    apiKey: `sk-live-${randomBytes(6).toString('hex')}`,
    authorization: `Bearer auth-${randomBytes(6).toString('hex')}`,
  };
  const tokens: string[] = [];
  let auditorId: string;
  let aggregateSession: string;
  let passthroughSession: string;
  let startedAt: number;
  /** The calls made in beforeAll, in order: kind, server, name, status. */
  const made: [string, string, string, string][] = [];

  beforeAll(async () => {
    harness = await startGateway([trustProbe('probe', { PROBE_KEY: '${secret:PROBE_KEY}' })], {
      servers: { probe: { lazy: true } }, // spawned after the secret is set below
      settings: { profiles: { auditors: {} } },
    });
    await harness.gateway.trust.secrets.set(secretAccount('probe', 'PROBE_KEY'), secret);
    tokens.push(harness.token);
    startedAt = Date.now();

    const token = harness.addClient('auditor', 'auditors');
    tokens.push(token);
    auditorId = harness.gateway.clients.list().find((client) => client.name === 'auditor')!.id;
    const aggregate = await harness.connect({ token });
    const passthrough = await harness.connect({ token, path: '/mcp/servers/probe' });
    aggregateSession = sessionIdOf(aggregate);
    passthroughSession = sessionIdOf(passthrough);

    // Not gated, never logged.
    await aggregate.listTools();
    await aggregate.listPrompts();
    await aggregate.ping();
    await passthrough.listResources();

    await aggregate.callTool({ name: 'probe__echo', arguments: { text: 'one' } });
    made.push(['tools/call', 'probe', 'echo', 'ok']);
    await aggregate.callTool({ name: 'probe__fail', arguments: {} });
    made.push(['tools/call', 'probe', 'fail', 'error']);
    await expect(aggregate.callTool({ name: 'probe__boom', arguments: {} })).rejects.toThrow(
      /boom on purpose/,
    );
    made.push(['tools/call', 'probe', 'boom', 'error']);
    await aggregate.getPrompt({ name: 'probe__greeting', arguments: { name: 'Ada' } });
    made.push(['prompts/get', 'probe', 'greeting', 'ok']);
    await aggregate.readResource({ uri: 'switchboard://probe/probe://info' });
    made.push(['resources/read', 'probe', 'probe://info', 'ok']);
    await passthrough.callTool({ name: 'echo', arguments: { text: 'two' } });
    made.push(['tools/call', 'probe', 'echo', 'ok']);
    await passthrough.getPrompt({ name: 'greeting', arguments: { name: 'Grace' } });
    made.push(['prompts/get', 'probe', 'greeting', 'ok']);
    await passthrough.readResource({ uri: 'probe://info' });
    made.push(['resources/read', 'probe', 'probe://info', 'ok']);
    await expect(passthrough.readResource({ uri: 'probe://missing' })).rejects.toThrow(
      /Unknown resource/,
    );
    made.push(['resources/read', 'probe', 'probe://missing', 'error']);

    // The default client sends secrets: under secret-looking keys, a known secret value inside
    // ordinary text, and its own client token; and reads a secret its server was given.
    const sender = await harness.connect();
    await sender.callTool({
      name: 'probe__echo',
      arguments: {
        text: `my token is ${harness.token}`,
        note: `the probe key is ${secret}!`,
        password: keyed.password,
        nested: { apiKey: keyed.apiKey, headers: { Authorization: keyed.authorization } },
      },
    });
    const env = jsonOf(
      await sender.callTool({ name: 'probe__env', arguments: { name: 'PROBE_KEY' } }),
    );
    expect(env.value).toBe(secret); // the server did get it
  });
  afterAll(() => harness.close());

  it('records every tools/call, prompts/get and resources/read, with client, profile, server, name, status and duration', () => {
    const { entries } = harness.gateway.trust.callLog.query({ client: 'auditor' });
    const oldestFirst = [...entries].reverse();
    expect(
      oldestFirst.map((entry) => [entry.kind, entry.server, entry.name, entry.status]),
    ).toEqual(made);
    for (const entry of oldestFirst) {
      expect(CallLogEntrySchema.parse(entry)).toEqual(entry);
      expect(entry).toMatchObject({
        clientId: auditorId,
        clientName: 'auditor',
        profile: 'auditors',
      });
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(entry.durationMs).toBeLessThan(10_000);
      expect(entry.time).toBeGreaterThanOrEqual(startedAt);
    }
    expect(oldestFirst.slice(0, 5).map((entry) => entry.sessionId)).toEqual(
      Array(5).fill(aggregateSession),
    );
    expect(oldestFirst.slice(5).map((entry) => entry.sessionId)).toEqual(
      Array(4).fill(passthroughSession),
    );
    expect(oldestFirst[0]).toMatchObject({
      arguments: { text: 'one' },
      resultSummary: expect.stringContaining('"echo":"one"'),
    });
    expect(oldestFirst[2]!.error).toMatch(/boom on purpose/);
    expect(oldestFirst[3]).toMatchObject({
      arguments: { name: 'Ada' },
      resultSummary: 'Hello, Ada',
    });
  });

  it('redacts values under secret-looking keys, known secret values and client tokens', () => {
    const [env, echo] = harness.gateway.trust.callLog.query({ client: 'test-client' }).entries;
    expect(echo!.arguments).toEqual({
      text: 'my token is [redacted]',
      note: 'the probe key is [redacted]!',
      password: '[redacted]',
      nested: { apiKey: '[redacted]', headers: { Authorization: '[redacted]' } },
    });
    expect(echo!.resultSummary).toContain('my token is [redacted]');
    expect(env).toMatchObject({ name: 'env', arguments: { name: 'PROBE_KEY' } });
    expect(env!.resultSummary).toContain('"value":"[redacted]"');
    const all = JSON.stringify(harness.gateway.trust.callLog.query({ limit: 1000 }));
    for (const value of [secret, ...Object.values(keyed), ...tokens])
      expect(all).not.toContain(value);
  });

  it('filters by client, server, tool, kind, status, text and time, and pages with cursors', () => {
    const log = harness.gateway.trust.callLog;
    const all = log.query({ limit: 1000 }).entries;
    expect(all).toHaveLength(made.length + 2);
    const ids = (entries: CallLogEntry[]) => entries.map((entry) => entry.id);
    const where = (test: (entry: CallLogEntry) => boolean) => ids(all.filter(test));

    expect(ids(log.query({ client: auditorId }).entries)).toEqual(
      where((entry) => entry.clientName === 'auditor'),
    );
    expect(ids(log.query({ client: 'test-client' }).entries)).toHaveLength(2);
    expect(log.query({ server: 'probe' }).entries).toHaveLength(all.length);
    expect(log.query({ server: 'nothing' }).entries).toEqual([]);
    expect(ids(log.query({ tool: 'greeting' }).entries)).toEqual(
      where((entry) => entry.name === 'greeting'),
    );
    expect(ids(log.query({ kind: 'resources/read' }).entries)).toEqual(
      where((entry) => entry.kind === 'resources/read'),
    );
    expect(log.query({ kind: 'resources/read' }).entries).toHaveLength(3);
    expect(ids(log.query({ status: 'error' }).entries)).toEqual(
      where((entry) => entry.status === 'error'),
    );
    expect(log.query({ status: ['error', 'ok'] }).entries).toHaveLength(all.length);
    expect(ids(log.query({ text: 'GRACE' }).entries)).toEqual(
      where((entry) => JSON.stringify(entry).includes('Grace')),
    );
    expect(log.query({ text: 'Grace' }).entries).toHaveLength(1);
    // A text search never finds a secret, whatever it asks for.
    expect(log.query({ text: secret }).entries).toEqual([]);
    expect(log.query({ text: harness.token }).entries).toEqual([]);
    const middle = all[Math.floor(all.length / 2)]!;
    expect(ids(log.query({ since: middle.time }).entries)).toEqual(
      where((entry) => entry.time >= middle.time),
    );
    expect(ids(log.query({ until: middle.time }).entries)).toEqual(
      where((entry) => entry.time < middle.time),
    );
    expect(log.query({ since: Date.now() + 60_000 }).entries).toEqual([]);

    // Pages of 3, newest first, each cursor leading on to the next without gaps or repeats.
    const paged: CallLogEntry[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = log.query({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.entries.length).toBeLessThanOrEqual(3);
      paged.push(...page.entries);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(ids(paged)).toEqual(ids(all));
    // Filters and paging together.
    const firstErrors = log.query({ status: 'error', limit: 1 });
    expect(firstErrors.entries).toHaveLength(1);
    expect(ids(log.query({ status: 'error', cursor: firstErrors.nextCursor! }).entries)).toEqual(
      where((entry) => entry.status === 'error').slice(1),
    );
  });

  it('exports with `switchboard log export --format jsonl|csv`, parsed back to the same entries', async () => {
    const expected = [...harness.gateway.trust.callLog.query({ limit: 1000 }).entries].reverse();
    const exportAs = async (format: string, ...filters: string[]) =>
      (
        await run(
          NODE,
          [
            'bin/switchboard.js',
            'log',
            'export',
            '--format',
            format,
            '--data-dir',
            harness.dataDir,
            ...filters,
          ],
          { cwd: ROOT },
        )
      ).stdout;

    const jsonl = await exportAs('jsonl');
    const fromJsonl = jsonl
      .trimEnd()
      .split('\n')
      .map((line) => CallLogEntrySchema.parse(JSON.parse(line)));
    expect(fromJsonl).toEqual(expected);

    const [header, ...rows] = parseCsv(await exportAs('csv'));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => {
      const entry = expected[i]!;
      const record = Object.fromEntries(header!.map((column, j) => [column, row[j]]));
      expect(record).toMatchObject({
        id: entry.id,
        time: new Date(entry.time).toISOString(),
        clientId: entry.clientId,
        clientName: entry.clientName,
        profile: entry.profile,
        sessionId: entry.sessionId,
        server: entry.server,
        kind: entry.kind,
        name: entry.name,
        resultSize: String(entry.resultSize),
        resultSummary: entry.resultSummary,
        durationMs: String(entry.durationMs),
        status: entry.status,
        error: entry.error ?? '',
      });
      expect(JSON.parse(record.arguments!)).toEqual(entry.arguments);
    });

    // Filters apply to exports too.
    const errors = parseCsv(await exportAs('csv', '--status', 'error', '--client', 'auditor'));
    expect(errors.slice(1).map((row) => row[0])).toEqual(
      expected.filter((entry) => entry.status === 'error').map((entry) => entry.id),
    );
  });

  it('leaves secret values in the secrets file only, and client tokens nowhere under the data dir', async () => {
    await harness.gateway.stop(); // flushes and closes the call log
    expect(filesUnder(harness.dataDir).filter((file) => !KNOWN_FILES.includes(file))).toEqual([]);
    const found = findInFiles(harness.dataDir, [secret, ...Object.values(keyed), ...tokens]);
    expect(found).toEqual({ 'secrets.json': [secret] });
  });
});
