/**
 * Roots through the gateway: every server in a session asks the session's own client for
 * `roots/list`, and the client's `notifications/roots/list_changed` reaches each of them, on the
 * aggregated endpoint and on a passthrough. The fixture asks once initialized and on every
 * list_changed (as server-filesystem does), so a server only knows roots the gateway let through.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListRootsRequestSchema, type Root } from '@modelcontextprotocol/sdk/types.js';
import type { ServerSpec } from '../../electron/gateway/config/servers-config.ts';
import type { RootsReport } from '../fixtures/roots-server.ts';
import { NODE, ROOT, startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { whenever } from '../helpers/whenever.ts';

const rootsServer = (name: string): ServerSpec => ({
  kind: 'stdio',
  name,
  command: NODE,
  args: [join(ROOT, 'test/fixtures/roots-server.ts')],
  env: {},
});

const rootsOf = (who: string, ...dirs: string[]): Root[] =>
  dirs.map((dir) => ({ uri: `file:///work/${who}/${dir}`, name: `${who}-${dir}` }));

/** A client with roots it can change, counting how often the servers behind it asked for them. */
type RootedClient = {
  client: Client;
  roots: Root[];
  asked: () => number;
  /** Resolves once the servers have asked `count` times in all (rejects at a deadline). */
  askedTimes: (count: number) => Promise<void>;
  /** Replaces the roots and tells the servers (`notifications/roots/list_changed`). */
  changeRoots: (roots: Root[]) => Promise<void>;
};

/**
 * The roots/list handler is set before the client connects: a server asks as soon as it is
 * initialized, which can be before `harness.connect` would hand the client back.
 */
async function connectRooted(
  harness: Harness,
  name: string,
  roots: Root[],
  path = '/mcp',
): Promise<RootedClient> {
  const client = new Client(
    { name, version: '1.0.0' },
    { capabilities: { roots: { listChanged: true } } },
  );
  let asked = 0;
  const waits = new Set<() => void>();
  const rooted: RootedClient = {
    client,
    roots,
    asked: () => asked,
    askedTimes: (count) => {
      const { promise, check } = whenever(
        () => asked >= count,
        () => `${name}'s roots were asked for ${asked} times, waiting for ${count}`,
      );
      waits.add(check);
      check();
      return promise.finally(() => waits.delete(check));
    },
    changeRoots: async (next) => {
      rooted.roots = next;
      await client.sendRootsListChanged();
    },
  };
  client.setRequestHandler(ListRootsRequestSchema, () => {
    asked += 1;
    for (const check of waits) check();
    return { roots: rooted.roots };
  });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(path, harness.url), {
      requestInit: { headers: harness.auth },
    }),
  );
  return rooted;
}

/** What a roots fixture reports, once it has had at least `answered` answers. */
async function report(
  client: Client,
  tool: string,
  args: { answered?: number; ask?: boolean } = {},
): Promise<RootsReport> {
  const result = await client.callTool({ name: tool, arguments: args });
  expect(result.isError ?? false).toBe(false);
  return result.structuredContent as RootsReport;
}

const holding = (roots: Root[], asked: number): RootsReport => ({
  asked,
  answered: asked,
  roots,
  error: null,
  clientDeclaredRoots: true,
});

describe('roots with per-session servers (the default)', () => {
  let harness: Harness;
  const opened: Client[] = [];
  const connect = async (name: string, roots: Root[], path?: string) => {
    const rooted = await connectRooted(harness, name, roots, path);
    opened.push(rooted.client);
    return rooted;
  };

  beforeAll(async () => {
    harness = await startGateway([rootsServer('a'), rootsServer('b')]);
  });
  afterAll(async () => {
    await Promise.all(opened.map((client) => client.close().catch(() => {})));
    await harness.close();
  });

  it("gives both servers of a session the client's roots, then the changed ones", async () => {
    const initial = rootsOf('ada', 'alpha', 'beta');
    const ada = await connect('ada', initial);

    // 1. Each server asked once on its own (nothing of ours in flight) and got exactly our roots.
    await ada.askedTimes(2);
    expect(await report(ada.client, 'a__current_roots', { answered: 1 })).toEqual(
      holding(initial, 1),
    );
    expect(await report(ada.client, 'b__current_roots', { answered: 1 })).toEqual(
      holding(initial, 1),
    );

    // 2. The change reaches both servers, which ask again and hold the new roots.
    const changed = rootsOf('ada', 'gamma');
    await ada.changeRoots(changed);
    await ada.askedTimes(4);
    expect(await report(ada.client, 'a__current_roots', { answered: 2 })).toEqual(
      holding(changed, 2),
    );
    expect(await report(ada.client, 'b__current_roots', { answered: 2 })).toEqual(
      holding(changed, 2),
    );
    expect(ada.asked()).toBe(4);
  });

  it("keeps each session's roots to its own servers, and its changes too", async () => {
    const [bob, cy] = await Promise.all([
      connect('bob', rootsOf('bob', 'home')),
      connect('cy', rootsOf('cy', 'src', 'docs')),
    ]);
    await Promise.all([bob.askedTimes(2), cy.askedTimes(2)]);
    for (const { client, roots } of [bob, cy]) {
      for (const tool of ['a__current_roots', 'b__current_roots'])
        expect(await report(client, tool, { answered: 1 })).toEqual(holding(roots, 1));
    }

    // Bob's change is asked of Bob only, and only Bob's servers take it.
    const moved = rootsOf('bob', 'elsewhere');
    await bob.changeRoots(moved);
    await bob.askedTimes(4);
    for (const tool of ['a__current_roots', 'b__current_roots']) {
      expect(await report(bob.client, tool, { answered: 2 })).toEqual(holding(moved, 2));
      expect(await report(cy.client, tool)).toEqual(holding(rootsOf('cy', 'src', 'docs'), 1));
    }
    expect([bob.asked(), cy.asked()]).toEqual([4, 2]);
  });

  it('forwards roots and their changes through the passthrough endpoint', async () => {
    const initial = rootsOf('dee', 'one');
    const dee = await connect('dee', initial, '/mcp/servers/a');
    await dee.askedTimes(1);
    expect(await report(dee.client, 'current_roots', { answered: 1 })).toEqual(holding(initial, 1));

    const changed = rootsOf('dee', 'two', 'three');
    await dee.changeRoots(changed);
    await dee.askedTimes(2);
    expect(await report(dee.client, 'current_roots', { answered: 2 })).toEqual(holding(changed, 2));
    // The passthrough session has server a only: b never started a connection to ask from.
    expect(dee.asked()).toBe(2);
  });
});

/**
 * A `shared` server has one connection for every session, opened at gateway start with no
 * session behind it, so the gateway declares no client features on it (no `roots`). What
 * reaches it:
 * - its roots/list on initialization fails: no session exists to answer it;
 * - a client's roots/list_changed is never forwarded to it (it would reach other sessions' state);
 * - a roots/list it sends while exactly one session uses it (here: during that session's call)
 *   is answered by that session; with more than one it fails with an error naming "per-session".
 * So a server that asks only on initialization and on list_changed never learns a client's roots
 * when shared: servers that need roots must be per-session (the default).
 */
describe('roots with a shared server', () => {
  let harness: Harness;
  const opened: Client[] = [];
  const connect = async (name: string, roots: Root[]) => {
    const rooted = await connectRooted(harness, name, roots);
    opened.push(rooted.client);
    return rooted;
  };

  beforeAll(async () => {
    harness = await startGateway([rootsServer('shared')], {
      servers: { shared: { isolation: 'shared' } },
    });
    // Its start-time ask must be over before any session exists, or that session would answer it.
    const stderr = () => harness.gateway.supervisors.get('shared')!.stderr.tail().join('\n');
    await vi.waitFor(() => expect(stderr()).toContain('roots/list answered (1)'));
  });
  afterAll(async () => {
    await Promise.all(opened.map((client) => client.close().catch(() => {})));
    await harness.close();
  });

  it('asks at start with no session to answer, and never gets list_changed', async () => {
    const eve = await connect('eve', rootsOf('eve', 'notes'));
    const atStart = await report(eve.client, 'shared__current_roots', { answered: 1 });
    expect(atStart).toMatchObject({
      asked: 1,
      answered: 1,
      roots: null,
      clientDeclaredRoots: false,
    });
    expect(atStart.error).toMatch(/cannot tell which client "roots\/list".*"per-session"/);

    await eve.changeRoots(rootsOf('eve', 'changed'));
    // Had the notification been forwarded, it would be on the server's stdin before this call.
    expect(await report(eve.client, 'shared__current_roots')).toMatchObject({
      asked: 1,
      roots: null,
    });
    expect(eve.asked()).toBe(0);
    // Ended (DELETE), so that the next test's session is the only one using the server.
    await (eve.client.transport as StreamableHTTPClientTransport).terminateSession();
  });

  it("answers a roots/list from the server with the session's roots while one session uses it", async () => {
    const eve = await connect('eve-again', rootsOf('eve', 'solo'));
    expect(await report(eve.client, 'shared__current_roots', { ask: true })).toMatchObject({
      roots: rootsOf('eve', 'solo'),
      error: null,
      clientDeclaredRoots: false,
    });
    expect(eve.asked()).toBe(1);
  });

  it('refuses a roots/list from the server, naming isolation "per-session", once several sessions use it', async () => {
    // eve-again (previous test) is still connected: with fay and gus, three sessions use it.
    const fay = await connect('fay', rootsOf('fay', 'work'));
    const gus = await connect('gus', rootsOf('gus', 'play'));
    const seen = await report(fay.client, 'shared__current_roots', { ask: true });
    expect(seen.error).toMatch(
      /switchboard cannot tell which client "roots\/list" from server "shared" is for \(it is shared between sessions\); configure the server with isolation "per-session"/,
    );
    // The server keeps the last roots it did get (the previous session's): a shared server's
    // state is everyone's, which is why servers that keep roots should be per-session.
    expect(seen.roots).toEqual(rootsOf('eve', 'solo'));
    expect([fay.asked(), gus.asked()]).toEqual([0, 0]);
  });
});
