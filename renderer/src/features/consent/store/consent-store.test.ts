import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { consentRequest } from '../../../test-support/fixtures.ts';
import { activeRequest, createConsentStore, type ConsentRequest } from './consent-store.ts';

describe('consent store', () => {
  it('queues pending and new requests oldest first, and drops resolved ones', async () => {
    const api = createFakeEngineApi({
      'consent:pending': () => ok([consentRequest({ id: 'b', requestedAt: 2 })]),
    });
    const store = createConsentStore(api);
    store.getState().connect();
    await Promise.resolve();
    await Promise.resolve();
    api.emit('consent:requested', consentRequest({ id: 'a', requestedAt: 1 }));
    api.emit('consent:requested', consentRequest({ id: 'c', requestedAt: 3 }));
    expect(store.getState().pending.map((request) => request.id)).toEqual(['a', 'b', 'c']);
    expect(activeRequest(store.getState())?.id).toBe('a');

    store.getState().show('c');
    api.emit('consent:resolved', {
      requestId: 'c',
      allowed: false,
      reason: 'timeout',
      decidedBy: 'switchboard',
    });
    expect(store.getState().pending.map((request) => request.id)).toEqual(['a', 'b']);
    expect(activeRequest(store.getState())?.id).toBe('a');
  });

  it('brings the prompt back when a new request arrives', () => {
    const api = createFakeEngineApi();
    const store = createConsentStore(api);
    store.getState().connect();
    store.getState().minimize();
    api.emit('consent:requested', consentRequest({ id: 'a' }));
    expect(store.getState().minimized).toBe(false);
  });

  it('answers with consent:answer and removes the request', async () => {
    const api = createFakeEngineApi();
    const store = createConsentStore(api);
    store.getState().connect();
    api.emit('consent:requested', consentRequest({ id: 'a' }));
    await store.getState().answer('a', 'allow-session');
    expect(api.callsOf('consent:answer')).toEqual([{ id: 'a', answer: 'allow-session' }]);
    expect(store.getState().pending).toEqual([]);
  });

  it('keeps the request and shows why when the answer fails', async () => {
    const api = createFakeEngineApi({
      'consent:answer': () => fail('internal', 'the consent broker stopped'),
    });
    const store = createConsentStore(api);
    store.getState().connect();
    api.emit('consent:requested', consentRequest({ id: 'a' }));
    await store.getState().answer('a', 'deny');
    expect(store.getState().pending).toHaveLength(1);
    expect(store.getState().errors.a).toBe('the consent broker stopped');
    expect(store.getState().answering).toBeUndefined();
  });

  it('reloads the queue when events flow again: drops what ended, adds what came meanwhile', async () => {
    let engine = [consentRequest({ id: 'a', requestedAt: 1 })];
    const api = createFakeEngineApi({ 'consent:pending': () => ok(engine) });
    const store = createConsentStore(api);
    store.getState().connect();
    await vi.waitFor(() => expect(store.getState().pending).toHaveLength(1));
    store.getState().show('a');
    // While the stream was down, "a" timed out and "b" was asked.
    engine = [consentRequest({ id: 'b', requestedAt: 2 })];
    api.goLive();
    await vi.waitFor(() =>
      expect(store.getState().pending.map((request) => request.id)).toEqual(['b']),
    );
    expect(store.getState().activeId).toBeUndefined();
  });

  it('trusts events that arrive while a reload is on its way over its older snapshot', async () => {
    let answer: (value: ReturnType<typeof ok<ConsentRequest[]>>) => void = () => {};
    const api = createFakeEngineApi({
      'consent:pending': () => new Promise((resolve) => (answer = resolve)),
    });
    const store = createConsentStore(api);
    store.getState().connect();
    api.emit('consent:requested', consentRequest({ id: 'new', requestedAt: 3 }));
    api.emit('consent:resolved', {
      requestId: 'old',
      allowed: true,
      reason: 'answered',
      answer: 'allow-once',
      decidedBy: 'user',
    });
    answer(ok([consentRequest({ id: 'old', requestedAt: 1 })]));
    await vi.waitFor(() =>
      expect(store.getState().pending.map((request) => request.id)).toEqual(['new']),
    );
  });
});
