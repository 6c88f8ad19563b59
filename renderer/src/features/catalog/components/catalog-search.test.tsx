import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok, type MethodResult } from '../../../api/engine-api.ts';
import { renderApp, settle } from '../../../test-support/render-app.tsx';
import type { CatalogEntry } from '../lib/catalog-query.ts';
import { SEARCH_DEBOUNCE_MS } from './catalog-search.tsx';

type Listing = MethodResult<'catalog:search'>;

const FILESYSTEM: CatalogEntry = {
  name: 'io.github.modelcontextprotocol/server-filesystem',
  title: 'Filesystem',
  description: 'Read and write files in the directories you allow.',
  version: '0.6.2',
  kinds: ['npm'],
  transports: ['stdio'],
  needsSecret: false,
  settings: [],
  tags: [],
  repository: 'https://github.com/modelcontextprotocol/servers',
};

const GITHUB: CatalogEntry = {
  name: 'io.github.github/github-mcp-server',
  description: 'Issues, pull requests and code search on GitHub.',
  version: '1.2.0',
  kinds: ['oci', 'remote'],
  transports: ['stdio', 'streamable-http'],
  needsSecret: true,
  settings: [
    { name: 'GITHUB_PERSONAL_ACCESS_TOKEN', isSecret: true, isRequired: true },
    { name: 'GITHUB_HOST', isSecret: false, isRequired: false, description: 'For GHE' },
    { name: 'GITHUB_TOOLSETS', isSecret: false, isRequired: true },
  ],
  tags: [],
  repository: 'javascript:alert(1)',
};

function listing(overrides: Partial<Listing> = {}): Listing {
  return {
    entries: [FILESYSTEM, GITHUB],
    source: { kind: 'registry', fetchedAt: Date.now() - 5 * 60_000 },
    problems: [],
    ...overrides,
  };
}

const card = () => screen.getByRole('region', { name: 'Catalog' });
const form = () => within(card()).getByRole('search', { name: 'Search the catalog' });
const source = () => card().querySelector('.catalog-source')!;
const entry = (name: string) => card().querySelector<HTMLElement>(`[data-server="${name}"]`)!;

describe('catalog search', () => {
  it('lists the catalog on arrival, with what each server needs', async () => {
    const { api } = await renderApp({ 'catalog:search': () => ok(listing()) }, 'catalog');
    expect(api.callsOf('catalog:search')).toEqual([{}]);
    const list = within(card()).getByRole('list', { name: 'Catalog servers' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    const filesystem = entry(FILESYSTEM.name);
    expect(within(filesystem).getByRole('heading', { name: 'Filesystem' })).toBeTruthy();
    expect(filesystem.querySelector('.catalog-entry-meta')?.textContent).toBe(
      'io.github.modelcontextprotocol/server-filesystem · 0.6.2',
    );
    expect(filesystem.textContent).toContain('Read and write files in the directories you allow.');
    expect(filesystem.querySelector('.catalog-entry-needs')?.textContent).toBe(
      'Needs nothing to set up.',
    );
    const link = within(filesystem).getByRole('link', {
      name: 'github.com/modelcontextprotocol/servers',
    });
    expect(link.getAttribute('href')).toBe('https://github.com/modelcontextprotocol/servers');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noreferrer');
    expect([...filesystem.querySelectorAll('.tag')].map((tag) => tag.textContent)).toEqual([
      'npm',
      'stdio',
    ]);

    // No title: the name is the heading. Secret and required settings are marked.
    const github = entry(GITHUB.name);
    expect(within(github).getByRole('heading', { name: GITHUB.name })).toBeTruthy();
    expect(github.querySelector('.catalog-entry-needs')?.textContent).toBe(
      'Needs: GITHUB_PERSONAL_ACCESS_TOKEN (secret, required), GITHUB_HOST, GITHUB_TOOLSETS (required)',
    );
    expect([...github.querySelectorAll('.tag')].map((tag) => tag.textContent)).toEqual([
      'Container image',
      'Remote',
      'stdio',
      'Streamable HTTP',
    ]);
    // Only http(s) addresses become links.
    expect(within(github).queryByRole('link')).toBeNull();
    expect(github.textContent).toContain('javascript:alert(1)');

    expect(within(filesystem).getByRole('button', { name: 'Install Filesystem' })).toBeTruthy();
  });

  it('sends the words and filters; Enter searches at once, typing after a pause', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp({ 'catalog:search': () => ok(listing()) }, 'catalog');
    await user.selectOptions(within(form()).getByLabelText('Kind'), 'npm');
    await user.selectOptions(within(form()).getByLabelText('Transport'), 'stdio');
    await user.selectOptions(within(form()).getByLabelText('Needs a secret'), 'Needs none');
    await user.type(
      within(form()).getByRole('searchbox', { name: 'Search servers' }),
      ' files {Enter}',
    );
    await settle();
    expect(api.callsOf('catalog:search')).toEqual([
      {},
      { kind: 'npm' },
      { kind: 'npm', transport: 'stdio' },
      { kind: 'npm', transport: 'stdio', needsSecret: false },
      { kind: 'npm', transport: 'stdio', needsSecret: false, query: 'files' },
    ]);

    await user.selectOptions(within(form()).getByLabelText('Needs a secret'), 'Needs one');
    await user.clear(within(form()).getByRole('searchbox', { name: 'Search servers' }));
    await user.type(within(form()).getByRole('searchbox', { name: 'Search servers' }), 'git');
    const before = api.callsOf('catalog:search').length;
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50));
    });
    const after = api.callsOf('catalog:search');
    // One search for the pause, not one per key.
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toEqual({
      kind: 'npm',
      transport: 'stdio',
      needsSecret: true,
      query: 'git',
    });
  });

  it('refreshes from the registry on request', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp({ 'catalog:search': () => ok(listing()) }, 'catalog');
    await user.click(within(form()).getByRole('button', { name: 'Refresh from the registry' }));
    await settle();
    expect(api.callsOf('catalog:search').at(-1)).toEqual({ refresh: true });
  });

  it.each([
    [
      { kind: 'registry', fetchedAt: Date.now() - 5 * 60_000 },
      '2 servers. From the MCP Registry, fetched 5 min ago.',
    ],
    [
      {
        kind: 'cache',
        fetchedAt: Date.now() - 3 * 3_600_000,
        note: 'could not reach the registry at https://registry.modelcontextprotocol.io (ENOTFOUND)',
      },
      '2 servers. From the cached registry listing (fetched 3 h ago): could not reach the registry at https://registry.modelcontextprotocol.io (ENOTFOUND)',
    ],
    [{ kind: 'bundled', note: 'offline' }, '2 servers. From the bundled catalog: offline'],
    [{ kind: 'bundled' }, '2 servers. From the bundled catalog: offline'],
  ] as const)('says where the listing came from (%o)', async (from, line) => {
    await renderApp({ 'catalog:search': () => ok(listing({ source: { ...from } })) }, 'catalog');
    expect(source().getAttribute('role')).toBe('status');
    expect(source().textContent).toBe(line);
  });

  it('lists the entries left out, collapsed', async () => {
    await renderApp(
      {
        'catalog:search': () =>
          ok(
            listing({
              problems: [
                {
                  source: 'bundled catalog',
                  index: 3,
                  name: 'io.github.x/broken',
                  problem: 'packages[0].transport: required',
                },
                {
                  source: 'https://registry.modelcontextprotocol.io',
                  index: 12,
                  problem: 'name: required',
                },
              ],
            }),
          ),
      },
      'catalog',
    );
    const details = card().querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('2 entries left out');
    expect([...details.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'entry 3 (io.github.x/broken) of bundled catalog: packages[0].transport: required',
      'entry 12 of https://registry.modelcontextprotocol.io: name: required',
    ]);
  });

  it('says what it is doing, when nothing matches, and what went wrong', async () => {
    const user = userEvent.setup();
    let answer: (value: ReturnType<typeof ok<Listing>>) => void = () => {};
    const { api } = await renderApp(
      {
        'catalog:search': () =>
          new Promise((resolve) => {
            answer = resolve;
          }),
      },
      'catalog',
    );
    expect(source().textContent).toBe('Searching the catalog…');
    await act(async () => answer(ok(listing({ entries: [] }))));
    expect(screen.getByRole('heading', { name: 'The catalog is empty' })).toBeTruthy();

    api.handle({ 'catalog:search': () => ok(listing({ entries: [] })) });
    await user.selectOptions(within(form()).getByLabelText('Kind'), 'pypi');
    await user.type(
      within(form()).getByRole('searchbox', { name: 'Search servers' }),
      'rocket{Enter}',
    );
    await settle();
    expect(
      screen.getByRole('heading', { name: 'No server matches “rocket” of kind PyPI' }),
    ).toBeTruthy();
    expect(source().textContent).toBe('0 servers. From the MCP Registry, fetched 5 min ago.');

    api.handle({ 'catalog:search': () => fail('internal', 'the catalog index could not be read') });
    await user.click(within(form()).getByRole('button', { name: 'Refresh from the registry' }));
    await settle();
    expect(within(card()).getByRole('alert').textContent).toBe(
      'Could not search the catalog: the catalog index could not be read',
    );
    expect(within(card()).queryByRole('heading', { name: /No server matches/ })).toBeNull();
    expect(source().textContent).toBe('');
  });
});
