/**
 * Many sessions at once: every reply and every notification reaches the session it belongs to,
 * with per-session connections (one child each) and with one connection shared by all.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { echoOf, probe } from '../fixtures/probe.ts';
import { whenever } from '../helpers/whenever.ts';

const SESSIONS = 32;
const CALLS_PER_SESSION = 5;
/**
 * Every session here is the harness's one client, far past that client's rate limits; and the
 * per-server concurrency limit would keep most of these calls waiting in line instead of in
 * flight together, which is what these tests are about. Both limiters have tests of their own.
 */
const NO_QUOTAS = { quotas: { rate: { enabled: false }, concurrency: { enabled: false } } };

const textOf = (result: unknown): string =>
  (result as { content: { text: string }[] }).content[0]!.text;

describe('per-session isolation: one child per session', () => {
  let harness: Harness;
  let clients: Client[];
  beforeAll(async () => {
    harness = await startGateway([probe('probe')], { settings: NO_QUOTAS });
    clients = await Promise.all(
      Array.from({ length: SESSIONS }, (_, i) => harness.connect({ name: `client-${i}` })),
    );
  });
  afterAll(() => harness.close());

  it(`${SESSIONS} sessions calling concurrently each get only their own replies, from their own process`, async () => {
    const results = await Promise.all(
      clients.map((client, session) =>
        Promise.all(
          Array.from({ length: CALLS_PER_SESSION }, async (_, call) => {
            const text = `session-${session}-call-${call}-${randomUUID()}`;
            const result = await client.callTool({ name: 'probe__echo', arguments: { text } });
            return { sent: text, ...echoOf(result) };
          }),
        ),
      ),
    );
    for (const calls of results) for (const { sent, echo } of calls) expect(echo).toBe(sent);
    const pidsPerSession = results.map((calls) => new Set(calls.map((call) => call.pid)));
    for (const pids of pidsPerSession) expect(pids.size).toBe(1);
    const pids = new Set(pidsPerSession.map((set) => [...set][0]));
    expect(pids.size).toBe(SESSIONS);
    const primary = harness.gateway.supervisors.get('probe')!.primary.status;
    expect(pids.has((primary as { pid?: number }).pid)).toBe(false);
    expect(harness.gateway.summaries()[0]).toMatchObject({
      isolation: 'per-session',
      sessionConnections: SESSIONS,
    });
  });

  it('log notifications, during a call and after it, reach only the session whose process sent them', async () => {
    const DURING = 3;
    const LATE = 2;
    const received = clients.map(() => [] as { logger?: string; data: unknown }[]);
    const all = whenever(
      () => received.every((messages) => messages.length >= DURING + LATE),
      () => `received per session: ${received.map((m) => m.length).join(',')}`,
    );
    clients.forEach((client, i) =>
      client.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => {
        received[i]!.push({ logger: params.logger, data: params.data });
        all.check();
      }),
    );
    await Promise.all(
      clients.map((client, i) =>
        client.callTool({
          name: 'probe__log',
          arguments: { tag: `tag-${i}`, count: DURING, late: LATE },
        }),
      ),
    );
    await all.promise;
    received.forEach((messages, i) => {
      expect(messages).toEqual([
        ...Array.from({ length: DURING }, () => ({
          logger: 'probe/probe',
          data: `tag-${i}:during`,
        })),
        ...Array.from({ length: LATE }, () => ({ logger: 'probe/probe', data: `tag-${i}:late` })),
      ]);
    });
  });

  it('progress notifications reach only the call that asked for them', async () => {
    const STEPS = 4;
    const progress = await Promise.all(
      clients.map(async (client) => {
        const seen: Progress[] = [];
        await client.callTool({ name: 'probe__progress', arguments: { steps: STEPS } }, undefined, {
          onprogress: (p) => seen.push(p),
        });
        return seen.map((p) => p.progress);
      }),
    );
    for (const seen of progress) expect(seen).toEqual([1, 2, 3, 4]);
  });
});

describe('shared isolation: one connection to server-everything for every session', () => {
  let harness: Harness;
  let clients: Client[];
  beforeAll(async () => {
    harness = await startGateway([servers.everything()], {
      servers: { everything: { isolation: 'shared' } },
      settings: NO_QUOTAS,
    });
    clients = await Promise.all(Array.from({ length: SESSIONS }, () => harness.connect()));
  });
  afterAll(() => harness.close());

  it(`${SESSIONS} sessions echoing concurrently over one connection never get another's reply`, async () => {
    await Promise.all(
      clients.flatMap((client, session) =>
        Array.from({ length: CALLS_PER_SESSION }, async (_, call) => {
          const message = `session-${session}-call-${call}-${randomUUID()}`;
          const result = await client.callTool({
            name: 'everything__echo',
            arguments: { message },
          });
          expect(result.content).toEqual([{ type: 'text', text: `Echo: ${message}` }]);
        }),
      ),
    );
    expect(harness.gateway.summaries()[0]).toMatchObject({
      isolation: 'shared',
      sessionConnections: 0,
      restarts: 0,
    });
  });

  it('progress of concurrent long-running calls goes back to each caller only', async () => {
    const STEPS = 4;
    const callers = clients.slice(0, 8);
    const progress = await Promise.all(
      callers.map(async (client) => {
        const seen: Progress[] = [];
        const result = await client.callTool(
          {
            name: 'everything__trigger-long-running-operation',
            arguments: { duration: 0.2, steps: STEPS },
          },
          undefined,
          { onprogress: (p) => seen.push(p) },
        );
        expect(textOf(result)).toMatch(/completed/i);
        return seen.map((p) => [p.progress, p.total]);
      }),
    );
    for (const seen of progress)
      expect(seen).toEqual([
        [1, 4],
        [2, 4],
        [3, 4],
        [4, 4],
      ]);
  });
});

/**
 * Per-session isolation gives each session its own server *process* (and so its own protocol
 * state: subscriptions, log level, server->client requests). It does not give each session its
 * own *storage*: both processes are configured with the same MEMORY_FILE_PATH, so what one
 * session writes the other reads. That is the right behaviour (it is what two desktop clients
 * running server-memory with the same file see); private stores need two configured servers.
 */
describe('per-session isolation over server-memory sharing one memory file', () => {
  let harness: Harness;
  let dir: string;
  const GRAPH = 'switchboard://memory/memory://knowledge-graph';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-memory-'));
    harness = await startGateway([servers.memory('memory', join(dir, 'memory.jsonl'))]);
  });
  afterAll(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps each session's subscriptions to itself while the stored graph is shared", async () => {
    const [a, b] = [await harness.connect(), await harness.connect()];
    const updates = { a: [] as string[], b: [] as string[] };
    const aNotified = whenever(
      () => updates.a.length > 0,
      () => 'no resources/updated for the subscriber',
    );
    a.setNotificationHandler(ResourceUpdatedNotificationSchema, ({ params }) => {
      updates.a.push(params.uri);
      aNotified.check();
    });
    b.setNotificationHandler(
      ResourceUpdatedNotificationSchema,
      ({ params }) => void updates.b.push(params.uri),
    );
    await a.subscribeResource({ uri: GRAPH });

    const entity = (name: string) => ({
      name,
      entityType: 'test',
      observations: [`made by ${name}`],
    });
    await a.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [entity('alpha')] },
    });
    await aNotified.promise;
    // B writes through its own process, where nobody subscribed; then A's own process is idle.
    await b.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [entity('beta')] },
    });
    const graphB = (await b.callTool({ name: 'memory__read_graph', arguments: {} }))
      .structuredContent as { entities: { name: string }[] };
    const graphA = (await a.callTool({ name: 'memory__read_graph', arguments: {} }))
      .structuredContent as { entities: { name: string }[] };

    expect(updates.a).toEqual([GRAPH]);
    expect(updates.b).toEqual([]);
    expect(harness.gateway.summaries()[0]).toMatchObject({
      isolation: 'per-session',
      sessionConnections: 2,
    });
    expect(graphA.entities.map((e) => e.name).sort()).toEqual(['alpha', 'beta']);
    expect(graphB.entities.map((e) => e.name).sort()).toEqual(['alpha', 'beta']);
  });
});
