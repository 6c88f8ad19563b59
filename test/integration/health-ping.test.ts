/** A server that stops answering (here: frozen with SIGSTOP) is noticed by health pings and replaced. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../shared/server-status.ts';
import { echoOf, isAlive, probe } from '../fixtures/probe.ts';
import { startGateway, type Harness } from '../helpers/gateway-harness.ts';

describe('health pings', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startGateway([probe('frozen')], {
      servers: { frozen: { isolation: 'shared' } },
      limits: { healthPingMs: 300, restartBaseMs: 50 },
    });
  });
  afterAll(() => harness.close());

  it('restarts a server that no longer answers pings, and calls work again', async () => {
    const supervisor = harness.gateway.supervisors.get('frozen')!;
    const before = supervisor.primary.status;
    expect(before.state).toBe('running');
    const frozenPid = (before as Extract<ConnectionStatus, { state: 'running' }>).pid!;

    const states: string[] = [];
    const replaced = new Promise<number>((resolve) => {
      supervisor.primary.onStatus((status) => {
        states.push(status.state);
        if (status.state === 'running' && status.pid !== frozenPid) resolve(status.pid!);
      });
    });
    process.kill(frozenPid, 'SIGSTOP');
    const newPid = await replaced;

    expect(states).toContain('backoff');
    expect(isAlive(frozenPid)).toBe(false); // the hung process was killed, not left behind
    expect(supervisor.stderr.tail().join('\n')).toContain('health ping failed');
    const client = await harness.connect();
    const result = await client.callTool({ name: 'frozen__echo', arguments: { text: 'back' } });
    expect(echoOf(result)).toEqual({ echo: 'back', pid: newPid });
  });
});
