/**
 * Supervision of real child processes: crash -> backoff -> running again, a server that never
 * starts ends `failed` without hurting the others, lazy start and idle stop.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../shared/server-status.ts';
import type { ServerSpec } from '../../electron/gateway/config/servers-config.ts';
import type { UpstreamConnection } from '../../electron/gateway/upstream/upstream-connection.ts';
import { startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { echoOf, eventually, isAlive, probe } from '../fixtures/probe.ts';

/** Every status a connection reports from now on, with a way to await the first one matching. */
class StatusLog {
  readonly entries: { status: ConnectionStatus; at: number }[] = [];
  readonly #waiters = new Set<() => void>();
  constructor(connection: UpstreamConnection) {
    connection.onStatus((status) => {
      this.entries.push({ status, at: Date.now() });
      for (const wake of this.#waiters) wake();
    });
  }
  states(from = 0): string[] {
    return this.entries.slice(from).map((entry) => entry.status.state);
  }
  /** Resolves with the index of the first entry at or after `from` in `state`. */
  until(state: ConnectionStatus['state'], from = 0, timeoutMs = 10_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.entries.findIndex(
          (entry, i) => i >= from && entry.status.state === state,
        );
        if (index < 0) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(index);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(
          new Error(
            `no "${state}" status after entry ${from} within ${timeoutMs} ms; saw ${this.states().join(' -> ')}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}

const echo = async (client: Client, server: string, text: string) =>
  echoOf(await client.callTool({ name: `${server}__echo`, arguments: { text } }));

function runningPid(status: ConnectionStatus): number {
  if (status.state !== 'running' || status.pid === undefined)
    throw new Error(`not running with a pid: ${JSON.stringify(status)}`);
  return status.pid;
}

describe('supervision of real child processes', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('restarts a crashed server with exponential, capped backoff and it works again', async () => {
    harness = await startGateway([probe('crashy'), probe('steady')], {
      servers: { crashy: { isolation: 'shared' } },
      limits: { restartBaseMs: 300, restartCapMs: 400, maxRestarts: 5 },
    });
    const crashy = harness.gateway.supervisors.get('crashy')!;
    const log = new StatusLog(crashy.primary);
    const client = await harness.connect();
    const firstPid = runningPid(crashy.primary.status);
    expect(await echo(client, 'crashy', 'before')).toEqual({ echo: 'before', pid: firstPid });

    // A call in flight when the server dies fails with an error; it does not hang.
    await expect(client.callTool({ name: 'crashy__crash', arguments: {} })).rejects.toThrow(
      /closed/i,
    );
    const backoffAt = await log.until('backoff');
    const backoff = log.entries[backoffAt]!;
    expect(backoff.status).toMatchObject({
      state: 'backoff',
      attempt: 1,
      lastError: expect.stringMatching(/exited with code 3|crashing on request/),
    });
    // First delay: restartBaseMs +-20% jitter.
    const firstDelay = (backoff.status as { retryAt: number }).retryAt - backoff.at;
    expect(firstDelay).toBeGreaterThanOrEqual(235);
    expect(firstDelay).toBeLessThanOrEqual(365);
    expect(isAlive(firstPid)).toBe(false);
    // While in backoff, calls fail fast with the reason instead of respawning per request.
    await expect(echo(client, 'crashy', 'too early')).rejects.toThrow(/restarting after a failure/);
    // Other servers are not affected.
    expect((await echo(client, 'steady', 'unaffected')).echo).toBe('unaffected');

    const runningAt = await log.until('running', backoffAt);
    expect(log.states(backoffAt)).toEqual(['backoff', 'starting', 'running']);
    expect(log.entries[runningAt]!.at - backoff.at).toBeGreaterThanOrEqual(firstDelay - 20);
    const secondPid = runningPid(crashy.primary.status);
    expect(secondPid).not.toBe(firstPid);
    expect(await echo(client, 'crashy', 'after')).toEqual({ echo: 'after', pid: secondPid });
    expect(harness.gateway.summaries().find((s) => s.name === 'crashy')).toMatchObject({
      restarts: 1,
      status: { state: 'running' },
    });

    // A second crash doubles the delay, but never past restartCapMs (uncapped it would be 600 ms).
    await expect(client.callTool({ name: 'crashy__crash', arguments: {} })).rejects.toThrow(
      /closed/i,
    );
    const secondBackoffAt = await log.until('backoff', runningAt);
    const second = log.entries[secondBackoffAt]!;
    expect(second.status).toMatchObject({ attempt: 2 });
    const secondDelay = (second.status as { retryAt: number }).retryAt - second.at;
    expect(secondDelay).toBeGreaterThanOrEqual(315);
    expect(secondDelay).toBeLessThanOrEqual(485);
    await log.until('running', secondBackoffAt);
    expect((await echo(client, 'crashy', 'again')).echo).toBe('again');
  });

  it("restarts a session's own crashed process without touching other sessions or the primary", async () => {
    harness = await startGateway([probe('probe')], {
      limits: { restartBaseMs: 50, restartCapMs: 100 },
    });
    const primary = harness.gateway.supervisors.get('probe')!.primary;
    const log = new StatusLog(primary);
    const [a, b] = [await harness.connect(), await harness.connect()];
    const pidA = (await echo(a, 'probe', 'a')).pid;
    const pidB = (await echo(b, 'probe', 'b')).pid;
    expect(new Set([pidA, pidB, runningPid(primary.status)]).size).toBe(3);

    await expect(a.callTool({ name: 'probe__crash', arguments: {} })).rejects.toThrow(/closed/i);
    expect(isAlive(pidA)).toBe(false);
    expect(await echo(b, 'probe', 'b still here')).toEqual({ echo: 'b still here', pid: pidB });
    // The session's connection comes back by itself (no event is exposed for it: poll).
    const again = await eventually(() => echo(a, 'probe', 'a is back'));
    expect(again.echo).toBe('a is back');
    expect(again.pid).not.toBe(pidA);
    expect(log.states()).toEqual([]); // the primary never left `running`
  });

  it('marks a server that cannot start `failed` after maxRestarts; the others keep working', async () => {
    const broken: ServerSpec = {
      kind: 'stdio',
      name: 'broken',
      command: '/nonexistent/switchboard-test-no-such-command',
      args: [],
      env: {},
    };
    harness = await startGateway([probe('good'), broken], {
      limits: { restartBaseMs: 20, restartCapMs: 40, maxRestarts: 2 },
      waitForServers: false,
    });
    const log = new StatusLog(harness.gateway.supervisors.get('broken')!.primary);
    const failedAt = await log.until('failed');
    const attempts = log.entries.flatMap(({ status }) =>
      status.state === 'backoff' ? [status.attempt] : [],
    );
    expect(attempts.at(-1)).toBe(2);
    expect(log.entries[failedAt]!.status).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/ENOENT/),
    });
    const summary = harness.gateway.summaries().find((s) => s.name === 'broken')!;
    expect(summary).toMatchObject({ restarts: 2, toolCount: 0, status: { state: 'failed' } });

    const client = await harness.connect();
    expect((await echo(client, 'good', 'still served')).echo).toBe('still served');
    const { tools, _meta } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'good__crash',
      'good__echo',
      'good__log',
      'good__progress',
    ]);
    expect(_meta?.['dev.switchboard/servers']).toEqual([
      { name: 'good', state: 'running' },
      { name: 'broken', state: 'failed', error: expect.stringMatching(/ENOENT/) },
    ]);
    await expect(client.callTool({ name: 'broken__anything', arguments: {} })).rejects.toThrow(
      /"broken", which is failed/,
    );
  });

  it('starts a lazy server only on first use', async () => {
    harness = await startGateway([probe('eager'), probe('lazy')], {
      servers: { lazy: { lazy: true } },
    });
    const lazy = harness.gateway.supervisors.get('lazy')!;
    expect(harness.gateway.summaries().map((s) => [s.name, s.status.state, s.lazy])).toEqual([
      ['eager', 'running', false],
      ['lazy', 'stopped', true],
    ]);
    const client = await harness.connect();
    // A new session starts its own connections to eager servers only.
    expect(lazy.summary()).toMatchObject({ status: { state: 'stopped' }, sessionConnections: 0 });
    expect(harness.gateway.supervisors.get('eager')!.summary().sessionConnections).toBe(1);

    // First use. (An aggregated tools/list is a use too: it must list the lazy server's tools.)

    const first = await echo(client, 'lazy', 'wake up');
    expect(first.echo).toBe('wake up');
    expect(isAlive(first.pid)).toBe(true);
    expect(lazy.summary()).toMatchObject({ status: { state: 'running' }, toolCount: 4 });
  });

  it('stops a server nobody used for idleStopSeconds, and starts it again on next use', async () => {
    harness = await startGateway([probe('idler')], { servers: { idler: { idleStopSeconds: 1 } } });
    const primary = harness.gateway.supervisors.get('idler')!.primary;
    const log = new StatusLog(primary);
    const primaryPid = runningPid(primary.status);
    const client = await harness.connect();
    const lastUse = Date.now(); // the gateway notes the use a little later, when the call arrives
    const sessionPid = (await echo(client, 'idler', 'used')).pid;

    // An open session holds its own connection, which keeps the server up; ending it releases that.
    await (client.transport as StreamableHTTPClientTransport).terminateSession();
    expect(isAlive(sessionPid)).toBe(false); // DELETE answers once the session's connections are closed
    const stoppedAt = await log.until('stopped');
    expect(log.entries[stoppedAt]!.at - lastUse).toBeGreaterThanOrEqual(1000);
    expect(isAlive(primaryPid)).toBe(false);
    expect(harness.gateway.summaries()[0]).toMatchObject({
      status: { state: 'stopped' },
      sessionConnections: 0,
    });

    const next = await harness.connect();
    const revived = await echo(next, 'idler', 'back');
    expect(revived.echo).toBe('back');
    // The status connection comes back too (in the background, beside the session's own).
    await log.until('running', stoppedAt);
    expect(runningPid(primary.status)).not.toBe(primaryPid);
  });
});
