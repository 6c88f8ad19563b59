import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { profile } from '../../../test-support/fixtures.ts';
import { createProfilesStore, type Profiles } from './profiles-store.ts';

const WORK = profile({ servers: ['github'], tools: { github: { delete_repo: 'deny' } } });

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
    let engine: Profiles = { default: profile() };
    const api = createFakeEngineApi({
      'profiles:list': () => ok(engine),
      'profiles:set': ({ name, profile: saved }) => {
        engine = { ...engine, [name]: profile(saved) };
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
      { name: 'work', profile: { ...WORK, servers: '*', hideDenied: false } },
    ]);
    expect(store.getState().names).toEqual(['default', 'work']);
    expect(store.getState().profiles.work?.hideDenied).toBe(false);

    await store.getState().save('new', { servers: ['memory'], hideDenied: true });
    expect(api.callsOf('profiles:set').at(-1)).toEqual({
      name: 'new',
      profile: {
        servers: ['memory'],
        hideDenied: true,
        tools: {},
        exposure: 'all',
        pinned: [],
        recipes: {},
      },
    });
    expect(store.getState().names).toEqual(['default', 'new', 'work']);
  });

  it('keeps what an edit leaves out (exposure, pins, policies) as saved in the engine', async () => {
    let engine: Profiles = {
      research: profile({ exposure: 'search', pinned: ['memory__read_graph'] }),
    };
    const api = createFakeEngineApi({ 'profiles:list': () => ok(engine) });
    const store = createProfilesStore(api);
    await store.getState().load();
    // Pins and a policy changed elsewhere (the CLI, settings.json) after the list was loaded.
    engine = {
      research: profile({
        exposure: 'search',
        pinned: ['memory__read_graph', 'everything__echo'],
        tools: { memory: { delete_entities: 'deny' } },
      }),
    };
    await store.getState().save('research', { hideDenied: false });
    expect(api.callsOf('profiles:set')).toEqual([
      { name: 'research', profile: { ...engine.research, hideDenied: false } },
    ]);

    // What the form does edit replaces the saved value; tool policies never come from a draft.
    await store.getState().save('research', { exposure: 'all', pinned: [] });
    expect(api.callsOf('profiles:set').at(-1)?.profile).toEqual({
      ...engine.research,
      exposure: 'all',
      pinned: [],
    });
  });

  it('asks the engine what search_tools answers a profile', async () => {
    const hit = { name: 'everything__echo', server: 'everything', description: 'Echo', score: 3 };
    const api = createFakeEngineApi({
      'tools:search': () => ok({ tools: [hit], searched: 12 }),
    });
    const store = createProfilesStore(api);
    expect(await store.getState().search('research', 'echo a message')).toEqual({
      ok: true,
      value: { tools: [hit], searched: 12 },
    });
    expect(api.callsOf('tools:search')).toEqual([{ profile: 'research', query: 'echo a message' }]);
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
