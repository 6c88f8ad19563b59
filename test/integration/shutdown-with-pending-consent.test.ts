/**
 * Stopping the gateway while a call waits for consent and a dashboard listens on /api/events:
 * the call is denied, the stream ends, and nothing is written to the ended stream (which used
 * to crash the gateway with ERR_STREAM_WRITE_AFTER_END).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servers, startGateway } from '../helpers/gateway-harness.ts';

describe('shutdown with a pending consent request', () => {
  it('denies the waiting call and stops cleanly', async () => {
    const harness = await startGateway([servers.everything()]);
    const admin = {
      authorization: `Bearer ${readFileSync(join(harness.dataDir, 'admin-token'), 'utf8').trim()}`,
      'content-type': 'application/json',
    };
    const set = await fetch(`${harness.url}/api/rpc/policies:set`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        profile: 'default',
        server: 'everything',
        tool: 'echo',
        policy: 'ask',
      }),
    });
    expect((await set.json()) as unknown).toEqual({ ok: true, value: { ok: true } });
    const events = await fetch(
      `${harness.url}/api/events?events=consent:requested,consent:resolved`,
      { headers: admin },
    );
    const reader = events.body!.getReader();
    const client = await harness.connect();
    const call = client.callTool({ name: 'everything__echo', arguments: { message: 'waiting' } });
    let seen = '';
    while (!seen.includes('event: consent:requested'))
      seen += new TextDecoder().decode((await reader.read()).value);

    await harness.gateway.stop();
    const result = (await call) as { isError?: boolean; content: { text: string }[] };
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(/not approved \(the gateway is shutting down\)/);
    await harness.close().catch(() => {});
  });
});
