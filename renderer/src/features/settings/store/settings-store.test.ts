import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { createSettingsStore } from './settings-store.ts';

describe('settings store', () => {
  it('saves a patch and keeps what the engine answered', async () => {
    const api = createFakeEngineApi();
    api.handle({
      'settings:set': (patch) =>
        ok({
          url: 'http://127.0.0.1:4777',
          port: 4777,
          dataDir: '/d',
          secretStore: 'file',
          defaultPolicy: 'ask',
          consentTimeoutSeconds: 60,
          logRetentionDays: 30,
          logMaxRows: 1000,
          ...patch,
        }),
    });
    const store = createSettingsStore(api);
    await store.getState().load();
    const result = await store.getState().save({ consentTimeoutSeconds: 90 });
    expect(result.ok).toBe(true);
    expect(store.getState().settings?.consentTimeoutSeconds).toBe(90);
    expect(store.getState().saving).toBe(false);
  });

  it('leaves the settings as they were when saving fails', async () => {
    const api = createFakeEngineApi({
      'settings:set': () => fail('invalid-params', 'consentTimeoutSeconds: too small'),
    });
    const store = createSettingsStore(api);
    await store.getState().load();
    const before = store.getState().settings;
    const result = await store.getState().save({ consentTimeoutSeconds: 1 });
    expect(result.ok).toBe(false);
    expect(store.getState().settings).toBe(before);
  });

  it('lists and revokes remembered permissions', async () => {
    const api = createFakeEngineApi({
      'grants:list': () =>
        ok([
          {
            id: 'g1',
            profile: 'default',
            server: 'fs',
            tool: 'write_file',
            grantedAt: 1,
            grantedBy: 'user',
          },
        ]),
    });
    const store = createSettingsStore(api);
    await store.getState().loadGrants();
    await store.getState().revokeGrant('g1');
    expect(api.callsOf('grants:revoke')).toEqual([{ id: 'g1' }]);
    expect(store.getState().grants).toEqual([]);
  });
});
