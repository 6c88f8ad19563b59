import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { clientInfo } from '../../../test-support/fixtures.ts';
import { createClientsStore } from './clients-store.ts';

describe('clients store', () => {
  it('creates a client, holds its token until dismissed, and lists it first', async () => {
    const api = createFakeEngineApi({
      'clients:list': () => ok([clientInfo({ name: 'old', createdAt: 1 })]),
      'clients:add': ({ name, profile }) =>
        ok({
          client: clientInfo({ name, profile: profile ?? 'default', createdAt: 2 }),
          token: 'sb_abc',
        }),
    });
    const store = createClientsStore(api);
    await store.getState().load();
    const result = await store.getState().create('cursor', 'default');
    expect(result.ok).toBe(true);
    expect(store.getState().created?.token).toBe('sb_abc');
    expect(store.getState().clients.map((client) => client.name)).toEqual(['cursor', 'old']);
    store.getState().dismissCreated();
    expect(JSON.stringify(store.getState())).not.toContain('sb_abc');
  });

  it('returns a refused creation for the form to show', async () => {
    const api = createFakeEngineApi({
      'clients:add': () => fail('conflict', 'a client named "cursor" exists'),
    });
    const store = createClientsStore(api);
    const result = await store.getState().create('cursor', 'default');
    expect(result).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'a client named "cursor" exists' },
    });
    expect(store.getState().created).toBeUndefined();
  });

  it('follows clients:changed and marks revoked clients', async () => {
    const api = createFakeEngineApi({
      'clients:revoke': ({ id }) => ok(clientInfo({ name: 'cursor', id, revokedAt: 5 })),
    });
    const store = createClientsStore(api);
    store.getState().connect();
    api.emit('clients:changed', [clientInfo({ name: 'cursor', id: 'c1' })]);
    await store.getState().revoke('c1');
    expect(store.getState().clients[0]?.revokedAt).toBe(5);
  });

  it('loads the clients afresh when events flow again', async () => {
    let list = [clientInfo({ name: 'cursor' })];
    const api = createFakeEngineApi({ 'clients:list': () => ok(list) });
    const store = createClientsStore(api);
    store.getState().connect();
    await vi.waitFor(() => expect(store.getState().clients).toHaveLength(1));
    list = [];
    api.goLive();
    await vi.waitFor(() => expect(store.getState().clients).toEqual([]));
  });
});
