import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import type { ServerSettings } from '../lib/server-types.ts';
import { createServersStore } from './servers-store.ts';

const SETTINGS: ServerSettings = {
  name: 'memory',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-memory'],
  envKeys: ['A'],
  headerKeys: [],
  secrets: [],
  isolation: 'per-session',
  lazy: false,
  prefix: 'memory',
};

describe('servers store: update', () => {
  it('sends the patch and keeps the settings the engine answers with', async () => {
    const api = createFakeEngineApi({
      'servers:settings': () => ok(SETTINGS),
      'servers:update': ({ args }) =>
        ok({ ...SETTINGS, ...(args ? { args } : {}), envKeys: ['A', 'B'] }),
    });
    const store = createServersStore(api);
    await store.getState().loadSettings('memory');
    const result = await store.getState().update('memory', { args: ['x'], env: { B: 'secret' } });

    expect(api.callsOf('servers:update')).toEqual([
      { name: 'memory', args: ['x'], env: { B: 'secret' } },
    ]);
    expect(result.ok).toBe(true);
    expect(store.getState().settings.memory).toMatchObject({ args: ['x'], envKeys: ['A', 'B'] });
  });

  it('returns the engine’s error and leaves the settings as they were', async () => {
    const api = createFakeEngineApi({
      'servers:settings': () => ok(SETTINGS),
      'servers:update': () => fail('invalid-params', 'servers:update: "command" must not be empty'),
    });
    const store = createServersStore(api);
    await store.getState().loadSettings('memory');
    const result = await store.getState().update('memory', { command: '' });

    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-params', message: 'servers:update: "command" must not be empty' },
    });
    expect(store.getState().settings.memory).toEqual(SETTINGS);
  });
});
