import { describe, expect, it } from 'vitest';
import { chooseEngineApi } from './choose-engine-api.ts';
import { ok } from './engine-api.ts';
import { createFakeEngineApi } from './fake-engine-api.ts';

describe('fake EngineApi', () => {
  it('answers every method of the contract with a valid default, and records calls', async () => {
    const api = createFakeEngineApi({ 'servers:stderr': ({ name }) => ok([`${name}: ready`]) });
    expect(await api.call('servers:list', {})).toEqual({ ok: true, value: [] });
    expect(await api.call('servers:stderr', { name: 'memory' })).toEqual({
      ok: true,
      value: ['memory: ready'],
    });
    expect(api.callsOf('servers:stderr')).toEqual([{ name: 'memory' }]);
  });

  it('delivers events to current listeners only', () => {
    const api = createFakeEngineApi();
    const seen: string[] = [];
    const off = api.subscribe('clients:changed', (clients) =>
      seen.push(clients.map((client) => client.name).join()),
    );
    api.emit('clients:changed', [{ id: '1', name: 'cursor', profile: 'default', createdAt: 1 }]);
    off();
    api.emit('clients:changed', []);
    expect(seen).toEqual(['cursor']);
  });
});

describe('carrier choice', () => {
  it('prefers the desktop bridge, else HTTP to the page origin', () => {
    const bridge = createFakeEngineApi();
    const http = createFakeEngineApi();
    const location = { origin: 'http://127.0.0.1:4777' } as Location;
    let asked = '';
    const create = (base: string) => ((asked = base), http);
    expect(chooseEngineApi({ switchboard: bridge, location }, create)).toEqual({
      api: bridge,
      kind: 'desktop',
    });
    expect(chooseEngineApi({ location }, create)).toEqual({ api: http, kind: 'http' });
    expect(asked).toBe('http://127.0.0.1:4777');
  });
});
