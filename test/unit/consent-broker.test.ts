import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsentRequest } from '../../shared/consent.ts';
import {
  type ConsentQuestion,
  type ConsentResolution,
  ConsentBroker,
} from '../../electron/gateway/consent/consent-broker.ts';
import { ConsentGrantsStore } from '../../electron/gateway/consent/consent-grants-store.ts';

const question = (over: Partial<ConsentQuestion> = {}): ConsentQuestion => ({
  clientId: 'c1',
  clientName: 'Claude',
  profile: 'default',
  sessionId: 's1',
  server: 'fs',
  tool: 'write_file',
  arguments: { path: '/tmp/a' },
  ...over,
});

let dataDir: string;
let broker: ConsentBroker;
let detachUi: () => void;
let requested: ConsentRequest[];
let resolved: ConsentResolution[];

function newBroker(timeoutMs?: number): ConsentBroker {
  const created = new ConsentBroker({
    grants: new ConsentGrantsStore(dataDir),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  requested = [];
  resolved = [];
  created.onRequested((request) => requested.push(request));
  created.onResolved((resolution) => resolved.push(resolution));
  detachUi = created.attachUi();
  return created;
}

/** Starts an ask and returns it with the request the UI was shown. */
function asking(over: Partial<ConsentQuestion> = {}, signal?: AbortSignal) {
  const before = requested.length;
  const outcome = broker.ask(question(over), signal ? { signal } : {});
  const request = requested[before];
  if (!request) throw new Error('no request was shown');
  return { outcome, request };
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-consent-'));
  broker = newBroker();
});
afterEach(() => {
  broker.shutdown();
  vi.useRealTimers();
});

describe('consent broker', () => {
  it('allow-once allows this call only: the next one asks again', async () => {
    const first = asking();
    expect(broker.pending()).toEqual([first.request]);
    expect(broker.answer(first.request.id, 'allow-once', 'ui')).toBe(true);
    await expect(first.outcome).resolves.toEqual({
      requestId: first.request.id,
      allowed: true,
      reason: 'answered',
      answer: 'allow-once',
      decidedBy: 'ui',
    });
    expect(broker.pending()).toEqual([]);
    const second = asking();
    expect(second.request.id).not.toBe(first.request.id);
    broker.answer(second.request.id, 'deny', 'ui');
    await second.outcome;
  });

  it('allow-session covers the same session only, until endSession', async () => {
    const first = asking();
    broker.answer(first.request.id, 'allow-session', 'ui');
    await expect(first.outcome).resolves.toMatchObject({ allowed: true, answer: 'allow-session' });

    const again = await broker.ask(question());
    expect(again).toMatchObject({ allowed: true, reason: 'session-grant', decidedBy: 'ui' });
    expect(requested).toHaveLength(1);
    expect(resolved.at(-1)?.outcome).toEqual(again);

    const otherSession = asking({ sessionId: 's2' });
    broker.answer(otherSession.request.id, 'deny', 'ui');
    await expect(otherSession.outcome).resolves.toMatchObject({ allowed: false });

    const otherTool = asking({ tool: 'delete_file' });
    broker.answer(otherTool.request.id, 'deny', 'ui');
    await otherTool.outcome;

    broker.endSession('s1');
    const afterEnd = asking();
    expect(broker.pending()).toHaveLength(1);
    broker.answer(afterEnd.request.id, 'deny', 'ui');
    await afterEnd.outcome;
  });

  it('allow-always persists for the profile across brokers, is listed, and revoking asks again', async () => {
    const first = asking();
    broker.answer(first.request.id, 'allow-always', 'desktop');
    await expect(first.outcome).resolves.toMatchObject({ allowed: true, answer: 'allow-always' });
    broker.shutdown();

    broker = newBroker();
    const grants = new ConsentGrantsStore(dataDir);
    expect(grants.list()).toEqual([
      expect.objectContaining({
        profile: 'default',
        server: 'fs',
        tool: 'write_file',
        grantedBy: 'desktop',
      }),
    ]);
    // Other sessions and clients of the same profile are covered; other profiles are not.
    await expect(broker.ask(question({ sessionId: 's9', clientId: 'c2' }))).resolves.toMatchObject({
      allowed: true,
      reason: 'always-grant',
      decidedBy: 'desktop',
    });
    const otherProfile = asking({ profile: 'work' });
    broker.answer(otherProfile.request.id, 'deny', 'ui');
    await otherProfile.outcome;

    expect(grants.revoke(grants.list()[0]!.id)).toBe(true);
    expect(grants.list()).toEqual([]);
    const afterRevoke = asking();
    broker.answer(afterRevoke.request.id, 'deny', 'ui');
    await expect(afterRevoke.outcome).resolves.toMatchObject({ reason: 'answered' });
  });

  it('deny denies', async () => {
    const { outcome, request } = asking();
    broker.answer(request.id, 'deny', 'ui');
    await expect(outcome).resolves.toMatchObject({
      allowed: false,
      reason: 'answered',
      answer: 'deny',
    });
  });

  it('no answer before the timeout denies it', async () => {
    vi.useFakeTimers();
    broker.shutdown();
    broker = newBroker(5_000);
    const { outcome, request } = asking();
    expect(request.expiresAt - request.requestedAt).toBe(5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(broker.pending()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toMatchObject({ allowed: false, reason: 'timeout' });
    expect(broker.pending()).toEqual([]);
    expect(broker.answer(request.id, 'allow-once', 'ui')).toBe(false);
  });

  it('defaults to a 120 s timeout', async () => {
    const { outcome, request } = asking();
    expect(request.expiresAt - request.requestedAt).toBe(120_000);
    broker.answer(request.id, 'deny', 'ui');
    await outcome;
  });

  it('a client cancelling while waiting resolves it as cancelled and removes it', async () => {
    const controller = new AbortController();
    const { outcome, request } = asking({}, controller.signal);
    controller.abort();
    await expect(outcome).resolves.toMatchObject({ allowed: false, reason: 'cancelled' });
    expect(broker.pending()).toEqual([]);
    expect(resolved.map((r) => [r.request.id, r.outcome.reason])).toEqual([
      [request.id, 'cancelled'],
    ]);
    expect(broker.answer(request.id, 'allow-once', 'ui')).toBe(false);
  });

  it('an already aborted signal is cancelled without showing anything', async () => {
    await expect(broker.ask(question(), { signal: AbortSignal.abort() })).resolves.toMatchObject({
      reason: 'cancelled',
    });
    expect(requested).toEqual([]);
  });

  it('shutdown denies everything pending, and every later ask', async () => {
    const one = asking();
    const two = asking({ tool: 'other' });
    broker.shutdown();
    await expect(one.outcome).resolves.toMatchObject({ allowed: false, reason: 'shutdown' });
    await expect(two.outcome).resolves.toMatchObject({ allowed: false, reason: 'shutdown' });
    await expect(broker.ask(question())).resolves.toMatchObject({ reason: 'shutdown' });
  });

  it('resolves concurrent asks independently, in either order', async () => {
    const a = asking({ tool: 'a' });
    const b = asking({ tool: 'b' });
    broker.answer(b.request.id, 'deny', 'ui');
    await expect(b.outcome).resolves.toMatchObject({ requestId: b.request.id, allowed: false });
    expect(broker.pending()).toEqual([a.request]);
    broker.answer(a.request.id, 'allow-once', 'ui');
    await expect(a.outcome).resolves.toMatchObject({ requestId: a.request.id, allowed: true });
  });

  it('a session grant also settles requests already waiting for the same tool', async () => {
    const a = asking();
    const b = asking();
    const other = asking({ sessionId: 's2' });
    broker.answer(a.request.id, 'allow-session', 'ui');
    await expect(b.outcome).resolves.toMatchObject({ allowed: true, reason: 'session-grant' });
    expect(broker.pending()).toEqual([other.request]);
    broker.answer(other.request.id, 'deny', 'ui');
    await other.outcome;
  });

  it('ignores late, duplicate, invalid and unknown answers', async () => {
    const { outcome, request } = asking();
    expect(broker.answer(request.id, 'maybe' as never, 'ui')).toBe(false);
    expect(broker.answer(request.id, 'deny', 'ui')).toBe(true);
    expect(broker.answer(request.id, 'allow-always', 'ui')).toBe(false);
    await expect(outcome).resolves.toMatchObject({ allowed: false, answer: 'deny' });
    expect(broker.answer('no-such-id', 'allow-once', 'ui')).toBe(false);
    expect(resolved).toHaveLength(1);
    expect(new ConsentGrantsStore(dataDir).list()).toEqual([]);
  });

  it('without a UI: denied as no-ui, or asked through the fallback', async () => {
    detachUi();
    expect(broker.hasUi).toBe(false);
    await expect(broker.ask(question())).resolves.toMatchObject({
      allowed: false,
      reason: 'no-ui',
    });

    const viaFallback = broker.ask(question(), {
      fallback: async (request) => (request.tool === 'write_file' ? 'allow-once' : 'deny'),
    });
    await expect(viaFallback).resolves.toMatchObject({ allowed: true, decidedBy: 'elicitation' });

    const failing = broker.ask(question(), {
      fallback: () => Promise.reject(new Error('client has no elicitation')),
    });
    await expect(failing).resolves.toMatchObject({ allowed: false, reason: 'no-ui' });
  });

  it('the fallback is aborted when the request ends another way', async () => {
    detachUi();
    vi.useFakeTimers();
    let fallbackSignal: AbortSignal | undefined;
    const outcome = broker.ask(question(), {
      fallback: (_request, signal) => {
        fallbackSignal = signal;
        return new Promise(() => {});
      },
    });
    await vi.advanceTimersByTimeAsync(120_000);
    await expect(outcome).resolves.toMatchObject({ reason: 'timeout' });
    expect(fallbackSignal?.aborted).toBe(true);
  });

  it('the last UI going away denies what only a UI could answer', async () => {
    const second = broker.attachUi();
    const { outcome } = asking();
    detachUi();
    detachUi(); // detaching twice counts once
    expect(broker.hasUi).toBe(true);
    second();
    await expect(outcome).resolves.toMatchObject({ reason: 'no-ui' });
  });

  it('a grants file that is not valid is reported with its path', async () => {
    const store = new ConsentGrantsStore(dataDir);
    writeFileSync(store.file, JSON.stringify({ grants: [{ id: 'x' }] }));
    expect(() => store.list()).toThrow(store.file);
    await expect(broker.ask(question())).rejects.toThrow('consent-grants.json');
    writeFileSync(store.file, '{ not json');
    expect(() => store.list()).toThrow(/consent-grants\.json.*unreadable/);
  });
});
