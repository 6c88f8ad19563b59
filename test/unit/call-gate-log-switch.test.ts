import { ResultCache } from '../../electron/gateway/result-cache/result-cache.ts';
import { describe, expect, it, vi } from 'vitest';
import type { CallLog } from '../../electron/gateway/audit/call-log.ts';
import { CallLogOptionsSchema } from '../../electron/gateway/audit/call-log.ts';
import { SettingsSchema, type Settings } from '../../electron/gateway/config/settings.ts';
import type { ConsentBroker } from '../../electron/gateway/consent/consent-broker.ts';
import { ConcurrencyLimiter } from '../../electron/gateway/limits/concurrency-limiter.ts';
import { RateLimiter } from '../../electron/gateway/limits/rate-limiter.ts';
import { CallGate, type GatedCall } from '../../electron/gateway/policy/call-gate.ts';
import type { GatewaySession } from '../../electron/gateway/routing/gateway-session.ts';

const session = {
  sessionId: 's1',
  identity: { clientId: 'c1', clientName: 'Bench', profile: 'default' },
  clientCapabilities: {},
} as unknown as GatewaySession;

function gatedCall(): GatedCall {
  return {
    session,
    server: 'everything',
    kind: 'tools/call',
    name: 'echo',
    arguments: { message: 'hi' },
    annotations: undefined,
    signal: new AbortController().signal,
  };
}

describe('call log switch (callLog.enabled)', () => {
  it('is on by default', () => {
    expect(CallLogOptionsSchema.parse({}).enabled).toBe(true);
    expect(SettingsSchema.parse({}).callLog.enabled).toBe(true);
  });

  it('the call gate records while on, skips while off, reading the setting per call', async () => {
    let settings: Settings = SettingsSchema.parse({});
    const record = vi.fn();
    const gate = new CallGate({
      settings: () => settings,
      consent: {} as ConsentBroker,
      rate: new RateLimiter(),
      concurrency: new ConcurrencyLimiter(),
      log: { recordDeferred: record } as unknown as CallLog,
      results: new ResultCache(),
    });
    const forward = () => Promise.resolve({ content: [{ type: 'text', text: 'Echo: hi' }] });

    await gate.run(gatedCall(), forward);
    expect(record).toHaveBeenCalledTimes(1);
    expect(record.mock.calls[0]![0]).toMatchObject({
      server: 'everything',
      name: 'echo',
      status: 'ok',
    });

    settings = SettingsSchema.parse({ callLog: { enabled: false } });
    const result = await gate.run(gatedCall(), forward);
    await expect(gate.run(gatedCall(), () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(result).toEqual({ content: [{ type: 'text', text: 'Echo: hi' }] });
    expect(record).toHaveBeenCalledTimes(1);

    settings = SettingsSchema.parse({ callLog: { enabled: true } });
    await gate.run(gatedCall(), forward);
    expect(record).toHaveBeenCalledTimes(2);
  });
});
