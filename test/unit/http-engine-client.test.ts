/**
 * The HTTP carrier and the shared HTTP client together on loopback, in front of a fake engine:
 * heartbeats, one stream for all listeners, schema checks at the edge, reconnecting.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult, EventName } from '../../shared/contract.ts';
import { createHttpEngineApi, type HttpEngineApi } from '../../shared/http-engine-client.ts';
import type { EngineService } from '../../electron/gateway/admin/engine-service.ts';
import { AdminHttpCarrier } from '../../electron/gateway/admin/http-carrier.ts';
import { EventQueue } from '../helpers/event-queue.ts';

const TOKEN = 'admin-token-for-tests';
const client = (name: string) => ({ id: name, name, profile: 'default', createdAt: 1 });

class FakeEngine {
  readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly subscriptions = new EventQueue<string>();
  result: ApiResult<unknown> = { ok: true, value: [] };

  service(): EngineService {
    return {
      handlers: {} as EngineService['handlers'],
      call: async () => this.result,
      subscribe: (event, listener) => {
        const set = this.listeners.get(event) ?? new Set();
        set.add(listener as (payload: unknown) => void);
        this.listeners.set(event, set);
        this.subscriptions.push(event);
        return () => set.delete(listener as (payload: unknown) => void);
      },
    };
  }

  emit(event: EventName, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  count(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

describe('HTTP carrier and client', () => {
  let server: Server;
  let engine: FakeEngine;
  let carrier: AdminHttpCarrier;
  let baseUrl: string;
  let api: HttpEngineApi;
  const errors: Error[] = [];

  beforeEach(async () => {
    engine = new FakeEngine();
    carrier = new AdminHttpCarrier(engine.service(), { adminToken: TOKEN, heartbeatMs: 20 });
    server = createServer((req, res) => {
      void carrier.handle(req, res, new URL(req.url ?? '/', 'http://x'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    errors.length = 0;
    api = createHttpEngineApi({
      baseUrl,
      headers: { authorization: `Bearer ${TOKEN}` },
      onStreamError: (error) => errors.push(error),
      retry: { initialMs: 10, maxMs: 50 },
    });
  });
  afterEach(async () => {
    api.close();
    carrier.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends a heartbeat comment on an idle stream', async () => {
    const response = await fetch(`${baseUrl}/api/events?events=clients:changed`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': heartbeat'))
      text += new TextDecoder().decode((await reader.read()).value);
    expect(text.startsWith(': connected\n\n')).toBe(true);
    await reader.cancel();
  });

  it('validates results at the edge', async () => {
    engine.result = { ok: true, value: [{ name: 'not a summary' }] };
    const bad = await api.call('servers:list', {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'internal' } });
    engine.result = { ok: false, error: { code: 'conflict', message: 'taken' } };
    expect(await api.call('clients:add', { name: 'x' })).toEqual(engine.result);
    const offline = createHttpEngineApi({ baseUrl: 'http://127.0.0.1:1' });
    expect(await offline.call('servers:list', {})).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('cannot reach') },
    });
  });

  it('shares one stream among listeners and delivers only payloads that fit the contract', async () => {
    const first = new EventQueue<unknown>();
    const second = new EventQueue<unknown>();
    api.subscribe('clients:changed', first.push);
    api.subscribe('clients:changed', second.push);
    await api.ready();
    expect(engine.count('clients:changed')).toBe(1);
    engine.emit('clients:changed', [{ bogus: true }]);
    engine.emit('clients:changed', [client('cursor')]);
    expect(await first.take()).toEqual([client('cursor')]);
    expect(await second.take()).toEqual([client('cursor')]);
    expect(errors.map(String)).toEqual([expect.stringContaining('clients:changed')]);
  });

  it('reopens the stream for new events without losing or repeating any', async () => {
    const changed = new EventQueue<unknown>();
    api.subscribe('clients:changed', changed.push);
    await api.ready();
    api.subscribe('log:appended', () => {});
    await api.ready();
    // Old and new stream may both still be subscribed server-side: one id, one delivery.
    const payload = [client('once')];
    engine.emit('clients:changed', payload);
    expect(await changed.take()).toEqual(payload);
    engine.emit('clients:changed', [client('twice')]);
    expect(await changed.take()).toEqual([client('twice')]);
    expect(changed.unclaimed).toEqual([]);
  });

  it('reconnects with backoff when the stream drops', async () => {
    const changed = new EventQueue<unknown>();
    api.subscribe('clients:changed', changed.push);
    await api.ready();
    await engine.subscriptions.next();
    carrier.close(); // ends every stream, as a gateway restart would
    await engine.subscriptions.next();
    await vi.waitFor(() => expect(engine.count('clients:changed')).toBe(1));
    engine.emit('clients:changed', [client('back')]);
    expect(await changed.take()).toEqual([client('back')]);
    expect(errors.some((error) => /ended/.test(error.message))).toBe(true);
  });

  it('says when events flow again, so stores can reload what they missed meanwhile', async () => {
    const live = new EventQueue<string>();
    const off = api.onLive(() => live.push('live'));
    api.subscribe('clients:changed', () => {});
    expect(await live.take()).toBe('live'); // the first connection
    carrier.close(); // a dropped stream: events in the gap are lost
    expect(await live.take()).toBe('live'); // reconnected
    off();
    const later = new EventQueue<string>();
    api.onLive(() => later.push('live'));
    carrier.close();
    expect(await later.take()).toBe('live');
    expect(live.unclaimed).toEqual([]); // unsubscribed: not told again
  });

  it('closes the stream when the last listener goes', async () => {
    const stop = api.subscribe('clients:changed', () => {});
    await api.ready();
    expect(engine.count('clients:changed')).toBe(1);
    stop();
    await api.ready();
    await vi.waitFor(() => expect(engine.count('clients:changed')).toBe(0));
  });
});
