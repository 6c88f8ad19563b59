import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { createFakeEngineApi } from '../../../api/fake-engine-api.ts';
import { serverSummary } from '../../../test-support/fixtures.ts';
import { buildEntry, EMPTY_FORM } from '../lib/server-entry.ts';
import { createCatalogStore } from './catalog-store.ts';

const form = {
  ...EMPTY_FORM,
  name: 'github',
  command: 'npx',
  args: '-y @modelcontextprotocol/server-github',
  rows: [
    { key: 'GITHUB_TOKEN', value: 'ghp_1', secret: true },
    { key: 'LOG_LEVEL', value: 'info', secret: false },
  ],
};

describe('catalog store', () => {
  it('stores secrets first, then adds the server with references only', async () => {
    const api = createFakeEngineApi({
      'servers:add': ({ name }) =>
        ok(serverSummary({ name, status: { state: 'starting', attempt: 1 } })),
    });
    const store = createCatalogStore(api);
    const result = await store.getState().add('github', buildEntry(form), 'ask');
    expect(result.ok).toBe(true);
    expect(api.calls.map((call) => call.method)).toEqual(['secrets:set', 'servers:add']);
    expect(api.callsOf('secrets:set')).toEqual([
      { server: 'github', key: 'GITHUB_TOKEN', value: 'ghp_1' },
    ]);
    expect(api.callsOf('servers:add')).toEqual([
      {
        name: 'github',
        defaultPolicy: 'ask',
        entry: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          env: { GITHUB_TOKEN: '${secret:GITHUB_TOKEN}', LOG_LEVEL: 'info' },
        },
      },
    ]);
    expect(store.getState().recent).toEqual(['github']);
  });

  it('adds first and restarts when the engine wants the server to exist before its secrets', async () => {
    let exists = false;
    const api = createFakeEngineApi({
      'secrets:set': () =>
        exists ? ok({ ok: true as const }) : fail('not-found', 'no server "github"'),
      'servers:add': ({ name }) => ((exists = true), ok(serverSummary({ name }))),
    });
    const store = createCatalogStore(api);
    await store.getState().add('github', buildEntry(form), 'ask');
    expect(api.calls.map((call) => call.method)).toEqual([
      'secrets:set',
      'servers:add',
      'secrets:set',
      'servers:restart',
    ]);
  });

  it('imports a config file and follows the servers it added', async () => {
    const api = createFakeEngineApi({
      'servers:import': () => ok({ added: ['a', 'b'], skipped: ['c'] }),
    });
    const store = createCatalogStore(api);
    await store.getState().importFile('/home/ada/.config/Claude/claude_desktop_config.json');
    expect(store.getState().recent).toEqual(['a', 'b']);
    expect(store.getState().lastImport?.skipped).toEqual(['c']);
  });

  it('keeps only the latest search’s answer, with the query it answers', async () => {
    const answers: ((names: string[]) => void)[] = [];
    const api = createFakeEngineApi({
      'catalog:search': () =>
        new Promise((resolve) => {
          answers.push((names) =>
            resolve(
              ok({
                entries: names.map((name) => ({
                  name,
                  description: '',
                  version: '1.0.0',
                  kinds: ['npm' as const],
                  transports: ['stdio'],
                  needsSecret: false,
                  settings: [],
                  tags: [],
                })),
                source: { kind: 'bundled' as const, note: 'offline' },
                problems: [],
              }),
            ),
          );
        }),
    });
    const store = createCatalogStore(api);
    const first = store.getState().search({ query: 'file' });
    const second = store.getState().search({ kind: 'npm' });
    expect(store.getState().browse.status).toBe('loading');
    answers[1]!(['newer']);
    await second;
    answers[0]!(['older']);
    await first;
    const { browse } = store.getState();
    expect(browse.status).toBe('ready');
    expect(browse.listing?.entries.map((entry) => entry.name)).toEqual(['newer']);
    expect(browse.listing?.query).toEqual({
      query: 'file',
      kind: 'npm',
      transport: '',
      needsSecret: 'any',
    });
    expect(api.callsOf('catalog:search')).toEqual([
      { query: 'file' },
      { query: 'file', kind: 'npm' },
    ]);
  });

  it('puts a failed search in words', async () => {
    const api = createFakeEngineApi({
      'catalog:search': () => fail('invalid-params', 'query: at most 200 characters'),
    });
    const store = createCatalogStore(api);
    await store.getState().search({ query: 'x' });
    expect(store.getState().browse).toMatchObject({
      status: 'error',
      error: 'query: at most 200 characters',
    });
  });
});
