/**
 * The result cache with a real server: read-only tools of a server with `resultCacheSeconds`
 * are answered from the cache for the same client, tool and arguments; the call log marks the
 * hit; other clients, other arguments and unmarked tools go to the server; a resource update,
 * a list change or switching the cache off drops what was kept.
 */
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineService } from '../../electron/gateway/admin/engine-service.ts';
import { NODE, ROOT, startGateway, type Harness } from '../helpers/gateway-harness.ts';

const textOf = (result: unknown): string =>
  (result as { content: { text: string }[] }).content.map((part) => part.text).join('\n');
const lookup = async (client: Client, key: string, tool = 'probe__lookup') =>
  textOf(await client.callTool({ name: tool, arguments: { key } }));

describe('result cache', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startGateway(
      [
        {
          kind: 'stdio',
          name: 'probe',
          command: NODE,
          args: [join(ROOT, 'test/fixtures/cache-probe-server.ts')],
          env: {},
        },
      ],
      // One connection for everyone: the run counter then shows every call that reached it.
      { servers: { probe: { isolation: 'shared', resultCacheSeconds: 300 } } },
    );
  });
  afterAll(() => harness.close());

  function logged(client: string) {
    harness.gateway.trust.callLog.flush();
    return harness.gateway.trust.callLog
      .query({ client, kind: 'tools/call', limit: 1000 })
      .entries.reverse();
  }

  it('answers a repeated read-only call from the cache, and the log says so', async () => {
    const client = await harness.connect({ token: harness.addClient('cache-a') });
    const first = await lookup(client, 'k1');
    expect(await lookup(client, 'k1')).toBe(first); // a hit: the server's counter did not move
    const other = await lookup(client, 'k2'); // other arguments: a miss
    expect(other).not.toBe(first.replace('k1', 'k2'));
    const entries = logged('cache-a');
    expect(entries.map((entry) => [entry.arguments, entry.cached ?? false])).toEqual([
      [{ key: 'k1' }, false],
      [{ key: 'k1' }, true],
      [{ key: 'k2' }, false],
    ]);
    expect(entries[1]!.status).toBe('ok');
    expect(entries[1]!.resultSummary).toBe(entries[0]!.resultSummary);
  });

  it('never shares results between clients, nor caches tools without readOnlyHint', async () => {
    const a = await harness.connect({ token: harness.addClient('cache-b1') });
    const b = await harness.connect({ token: harness.addClient('cache-b2') });
    const seenByA = await lookup(a, 'shared-key');
    const seenByB = await lookup(b, 'shared-key');
    expect(seenByB).not.toBe(seenByA); // b's own call reached the server
    expect(await lookup(b, 'shared-key')).toBe(seenByB);
    const unmarked = await lookup(a, 'u', 'probe__lookup_unmarked');
    expect(await lookup(a, 'u', 'probe__lookup_unmarked')).not.toBe(unmarked);
  });

  it('drops what it kept when a resource is updated or the tool list changes', async () => {
    const client = await harness.connect({ token: harness.addClient('cache-c') });
    const before = await lookup(client, 'inv');
    expect(await lookup(client, 'inv')).toBe(before);
    await client.callTool({ name: 'probe__touch', arguments: {} });
    const afterTouch = await lookup(client, 'inv');
    expect(afterTouch).not.toBe(before);

    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    await client.callTool({ name: 'probe__grow', arguments: {} });
    await changed;
    expect(await lookup(client, 'inv')).not.toBe(afterTouch);
  });

  it("drops a client's results when its roots change, and only that client's", async () => {
    const roots = { client: { capabilities: { roots: { listChanged: true } } } };
    const moving = await harness.connect({ ...roots, token: harness.addClient('cache-r1') });
    const still = await harness.connect({ ...roots, token: harness.addClient('cache-r2') });
    const movingFirst = await lookup(moving, 'r');
    const stillFirst = await lookup(still, 'r');
    await moving.sendRootsListChanged();
    // Notifications get no answer; the next request on the same session comes after it.
    await moving.ping();
    expect(await lookup(moving, 'r')).not.toBe(movingFirst);
    expect(await lookup(still, 'r')).toBe(stillFirst);
  });

  it('is off once servers:configure sets resultCacheSeconds to null', async () => {
    const admin = createEngineService(harness.gateway);
    const client = await harness.connect({ token: harness.addClient('cache-d') });
    const first = await lookup(client, 'off');
    expect(await lookup(client, 'off')).toBe(first);
    const view = await admin.call('servers:configure', { name: 'probe', resultCacheSeconds: null });
    expect(view).toMatchObject({ ok: true });
    expect((view as { value: object }).value).not.toHaveProperty('resultCacheSeconds');
    expect(await lookup(client, 'off')).not.toBe(first);
    expect(
      await admin.call('servers:configure', { name: 'probe', resultCacheSeconds: 0 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });
});
