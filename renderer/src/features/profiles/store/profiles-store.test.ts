import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { createProfilesStore, type Profiles } from './profiles-store.ts';

const WORK: Profiles[string] = {
  servers: ['github'],
  tools: { github: { delete_repo: 'deny' } },
  hideDenied: true,
};

describe('profiles store', () => {
  it('lists profile names sorted, "default" always among them', async () => {
    const api = createFakeEngineApi({ 'profiles:list': () => ok({ work: WORK, audit: WORK }) });
    const store = createProfilesStore(api);
    await store.getState().load();
    expect(store.getState().names).toEqual(['default', 'audit', 'work']);
    expect(store.getState().profiles.work).toEqual(WORK);
    expect(store.getState().loaded).toBe(true);
  });

  it('saves servers and hideDenied, keeping tool policies set meanwhile elsewhere', async () => {
    let engine: Profiles = { default: { servers: '*', tools: {}, hideDenied: true } };
    const api = createFakeEngineApi({
      'profiles:list': () => ok(engine),
      'profiles:set': ({ name, profile }) => {
        engine = { ...engine, [name]: { servers: '*', tools: {}, hideDenied: true, ...profile } };
        return ok({ ok: true });
      },
    });
    const store = createProfilesStore(api);
    await store.getState().load();
    // A policy set on the Servers screen after the list was loaded here.
    engine = { ...engine, work: WORK };
    const result = await store.getState().save('work', { servers: '*', hideDenied: false });
    expect(result.ok).toBe(true);
    expect(api.callsOf('profiles:set')).toEqual([
      { name: 'work', profile: { servers: '*', hideDenied: false, tools: WORK.tools } },
    ]);
    expect(store.getState().names).toEqual(['default', 'work']);
    expect(store.getState().profiles.work?.hideDenied).toBe(false);

    await store.getState().save('new', { servers: ['memory'], hideDenied: true });
    expect(api.callsOf('profiles:set').at(-1)).toEqual({
      name: 'new',
      profile: { servers: ['memory'], hideDenied: true, tools: {} },
    });
    expect(store.getState().names).toEqual(['default', 'new', 'work']);
  });

  it('returns a refused save for the form, and reports a failed load', async () => {
    const report = vi.fn();
    const api = createFakeEngineApi({
      'profiles:set': () => fail('invalid-params', 'profile.servers: expected array'),
    });
    const store = createProfilesStore(api, report);
    await store.getState().load();
    const result = await store.getState().save('work', { servers: [], hideDenied: true });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-params', message: 'profile.servers: expected array' },
    });
    expect(store.getState().names).toEqual(['default']);

    api.handle({ 'profiles:list': () => fail('internal', 'settings.json is unreadable') });
    await store.getState().load();
    expect(store.getState().loadError?.message).toBe('settings.json is unreadable');
    expect(report).toHaveBeenCalledWith('Load profiles', {
      code: 'internal',
      message: 'settings.json is unreadable',
    });
  });
});
