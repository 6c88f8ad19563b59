import { describe, expect, it, vi } from 'vitest';
import { fail, ok, type ApiError } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { serverSummary, toolView } from '../../../test-support/fixtures.ts';
import { createServersStore } from './servers-store.ts';
import type { ServerSummary } from '../lib/server-types.ts';

describe('servers store', () => {
  it('loads the servers sorted by name and selects the first', async () => {
    const api = createFakeEngineApi({
      'servers:list': () =>
        ok([serverSummary({ name: 'memory' }), serverSummary({ name: 'everything' })]),
    });
    const store = createServersStore(api);
    await store.getState().load();
    expect(store.getState().servers.map((server) => server.name)).toEqual(['everything', 'memory']);
    expect(store.getState().selected).toBe('everything');
    expect(store.getState().loaded).toBe(true);
  });

  it('follows status events and stops following when disconnected', async () => {
    const api = createFakeEngineApi({
      'servers:list': () => ok([serverSummary({ name: 'memory' })]),
    });
    const store = createServersStore(api);
    const disconnect = store.getState().connect();
    await Promise.resolve();
    api.emit(
      'servers:status-changed',
      serverSummary({ name: 'memory', status: { state: 'stopped' } }),
    );
    expect(store.getState().servers[0]?.status.state).toBe('stopped');
    disconnect();
    expect(api.listenerCount('servers:status-changed')).toBe(0);
  });

  it('reports a failed action in words with what was attempted', async () => {
    const reported: [string, ApiError][] = [];
    const api = createFakeEngineApi({
      'servers:start': () => fail('not-found', 'No server named "gone"'),
    });
    const store = createServersStore(api, (action, error) => reported.push([action, error]));
    await store.getState().run('gone', 'start');
    expect(reported).toEqual([
      ['Start "gone"', { code: 'not-found', message: 'No server named "gone"' }],
    ]);
    expect(store.getState().busy.gone).toBeUndefined();
  });

  it('turns a carrier that throws into a reported error, never an unhandled rejection', async () => {
    const reported: string[] = [];
    const api = createFakeEngineApi({
      'servers:list': () => {
        throw new Error('bridge gone');
      },
    });
    const store = createServersStore(api, (_action, error) => reported.push(error.message));
    await store.getState().load();
    expect(reported[0]).toContain('bridge gone');
    expect(store.getState().loadError?.code).toBe('internal');
  });

  it('sets a policy optimistically for the chosen profile and reloads when it is cleared', async () => {
    let tools = [toolView({ name: 'write_file', policy: 'ask' })];
    const api = createFakeEngineApi({ 'servers:tools': () => ok(tools) });
    const store = createServersStore(api);
    store.setState({ profile: 'work' });
    await store.getState().loadTools('filesystem');
    await store.getState().setPolicy('filesystem', 'write_file', 'allow');
    expect(api.callsOf('policies:set')).toEqual([
      { profile: 'work', server: 'filesystem', tool: 'write_file', policy: 'allow' },
    ]);
    expect(store.getState().tools.filesystem?.items[0]).toMatchObject({
      policy: 'allow',
      policySource: 'profile',
    });

    tools = [toolView({ name: 'write_file', policy: 'deny', policySource: 'server-default' })];
    await store.getState().setPolicy('filesystem', 'write_file', null);
    expect(store.getState().tools.filesystem?.items[0]).toMatchObject({
      policy: 'deny',
      policySource: 'server-default',
    });
    expect(api.callsOf('servers:tools').at(-1)).toEqual({ name: 'filesystem', profile: 'work' });
  });

  it('keeps secrets write-only: set and clear, then re-read which are set', async () => {
    let set = false;
    const api = createFakeEngineApi({
      'servers:settings': ({ name }) =>
        ok({
          name,
          transport: 'stdio',
          envKeys: ['GITHUB_TOKEN'],
          headerKeys: [],
          secrets: [{ key: 'GITHUB_TOKEN', set }],
          isolation: 'per-session',
          lazy: false,
          prefix: name,
        }),
      'secrets:set': () => ((set = true), ok({ ok: true as const })),
      'secrets:delete': () => ((set = false), ok({ deleted: true })),
    });
    const store = createServersStore(api);
    await store.getState().setSecret('github', 'GITHUB_TOKEN', 'ghp_secret');
    expect(store.getState().settings.github?.secrets).toEqual([{ key: 'GITHUB_TOKEN', set: true }]);
    expect(JSON.stringify(store.getState())).not.toContain('ghp_secret');
    await store.getState().deleteSecret('github', 'GITHUB_TOKEN');
    expect(store.getState().settings.github?.secrets).toEqual([
      { key: 'GITHUB_TOKEN', set: false },
    ]);
  });

  it('removes a server from the list once the engine removed it', async () => {
    const api = createFakeEngineApi({
      'servers:list': () => ok([serverSummary({ name: 'a' }), serverSummary({ name: 'b' })]),
    });
    const store = createServersStore(api);
    await store.getState().load();
    const result = await store.getState().remove('a');
    expect(result.ok).toBe(true);
    expect(store.getState().servers.map((server) => server.name)).toEqual(['b']);
    expect(store.getState().selected).toBe('b');
  });

  it('loads the list afresh when events flow again, so a change missed meanwhile shows', async () => {
    let memory = serverSummary({ name: 'memory' });
    const api = createFakeEngineApi({ 'servers:list': () => ok([memory]) });
    const store = createServersStore(api);
    const disconnect = store.getState().connect();
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    memory = serverSummary({ name: 'memory', status: { state: 'stopped' } }); // no event came
    api.goLive();
    await vi.waitFor(() => expect(store.getState().servers[0]?.status.state).toBe('stopped'));
    disconnect();
    api.goLive();
    expect(api.callsOf('servers:list')).toHaveLength(2);
  });

  it('keeps the newest snapshot when two loads overlap', async () => {
    const answers: Array<(value: ReturnType<typeof ok<ServerSummary[]>>) => void> = [];
    const api = createFakeEngineApi({
      'servers:list': () => new Promise((resolve) => answers.push(resolve)),
    });
    const store = createServersStore(api);
    const older = store.getState().load();
    const newer = store.getState().load();
    answers[1]!(ok([serverSummary({ name: 'memory', status: { state: 'stopped' } })]));
    await newer;
    answers[0]!(ok([serverSummary({ name: 'memory' })]));
    await older;
    expect(store.getState().servers[0]?.status.state).toBe('stopped');
  });
});
