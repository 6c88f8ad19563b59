import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import type { FakeHandlers } from '../../../api/fake-engine-api.ts';
import { profile } from '../../../test-support/fixtures.ts';
import { renderApp, settle } from '../../../test-support/render-app.tsx';

const HITS = [
  {
    name: 'everything__echo',
    server: 'everything',
    description: 'Echoes back the input.',
    score: 4.2,
  },
  { name: 'memory__add_observations', server: 'memory', description: '', score: 0.7 },
];

function engine(search: FakeHandlers['tools:search']): FakeHandlers {
  return {
    'profiles:list': () =>
      ok({
        default: profile(),
        research: profile({ exposure: 'search', pinned: ['memory__read_graph'] }),
      }),
    'tools:search': search,
  };
}

const card = () => screen.getByRole('region', { name: /^Profiles/ });

async function openPreview() {
  const user = userEvent.setup();
  // Only profiles in search exposure offer it.
  expect(within(card()).queryByRole('button', { name: 'Try a search as profile default' })).toBe(
    null,
  );
  const toggle = within(card()).getByRole('button', { name: 'Try a search as profile research' });
  await user.click(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  const form = within(card()).getByRole('search', { name: 'Try a search as profile research' });
  const query = within(form).getByLabelText('What an agent of “research” wants to do');
  expect(document.activeElement).toBe(query);
  return { user, toggle, query };
}

/** The preview's live region (the card's "Saved profile" note is the other status). */
const summary = () => card().querySelector('.search-preview-summary')!;

describe('trying a search as a profile', () => {
  it('shows the ranked tools and how many were searched; Enter searches', async () => {
    const { api } = await renderApp(
      engine(() => ok({ tools: HITS, searched: 12 })),
      'clients',
    );
    const { user, query } = await openPreview();
    await user.type(query, '  echo a message {Enter}');
    await settle();
    expect(api.callsOf('tools:search')).toEqual([{ profile: 'research', query: 'echo a message' }]);
    expect(summary().getAttribute('role')).toBe('status');
    expect(summary().textContent).toBe(
      'Searched 12 tools: the best 2 matches for “echo a message”.',
    );
    const hits = within(card()).getByRole('list', { name: 'Tools found for “echo a message”' });
    const items = within(hits).getAllByRole('listitem');
    expect(items.map((item) => item.dataset.tool)).toEqual([
      'everything__echo',
      'memory__add_observations',
    ]);
    expect(items[0]!.textContent).toBe('everything__echoeverythingEchoes back the input.');
    expect(items[1]!.textContent).toBe('memory__add_observationsmemory');
  });

  it('says so when no tool matches', async () => {
    await renderApp(
      engine(() => ok({ tools: [], searched: 12 })),
      'clients',
    );
    const { user, query } = await openPreview();
    await user.type(query, 'launch a rocket');
    await user.click(within(card()).getByRole('button', { name: 'Search' }));
    await settle();
    expect(summary().textContent).toBe('Searched 12 tools: no tool matches “launch a rocket”.');
    expect(card().querySelector('.notice')?.textContent).toMatch(
      /^No tool matches “launch a rocket”\. Try the words/,
    );
    expect(within(card()).queryByRole('list', { name: /Tools found/ })).toBeNull();
  });

  it('puts the engine’s error in words, asks for words before searching, and Escape closes', async () => {
    const { api } = await renderApp(
      engine(() => fail('not-found', 'no profile named "research"')),
      'clients',
    );
    const { user, query, toggle } = await openPreview();
    await user.keyboard('{Enter}');
    expect(within(card()).getByRole('alert').textContent).toBe(
      'Type what an agent wants to do, e.g. “echo a message”.',
    );
    expect(query.getAttribute('aria-invalid')).toBe('true');
    expect(api.callsOf('tools:search')).toEqual([]);

    await user.type(query, 'echo');
    await user.keyboard('{Enter}');
    await settle();
    expect(within(card()).getByRole('alert').textContent).toBe('no profile named "research"');
    expect(summary().textContent).toBe('');

    await user.keyboard('{Escape}');
    expect(within(card()).queryByRole('search')).toBeNull();
    expect(document.activeElement).toBe(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });
});
