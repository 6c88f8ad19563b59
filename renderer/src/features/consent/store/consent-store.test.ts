import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { consentRequest } from '../../../test-support/fixtures.ts';
import { activeRequest, createConsentStore } from './consent-store.ts';

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
});
