import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import type { FakeHandlers } from '../../../api/fake-engine-api.ts';
import {
  profile,
  serverSettings,
  serverSummary,
  toolView,
} from '../../../test-support/fixtures.ts';
import { renderApp, settle } from '../../../test-support/render-app.tsx';
import type { Profiles } from '../store/profiles-store.ts';

const TOOLS: Record<string, string[]> = {
  everything: ['echo', 'get-sum'],
  memory: ['read_graph', 'create_entities'],
};

/** Three servers (memory exposed as "mem__…", github stopped) and a "work" profile. */
function engine(work = profile({ servers: ['everything', 'memory', 'github'] })): FakeHandlers {
  let profiles: Profiles = {
    default: profile(),
    work: { ...work, hideDenied: false, tools: { memory: { create_entities: 'deny' } } },
  };
  return {
    'profiles:list': () => ok(profiles),
    'profiles:set': ({ name, profile: saved }) => {
      profiles = { ...profiles, [name]: profile(saved) };
      return ok({ ok: true });
    },
    'servers:list': () =>
      ok([
        serverSummary({ name: 'everything' }),
        serverSummary({ name: 'github', status: { state: 'stopped' } }),
        serverSummary({ name: 'memory' }),
      ]),
    'servers:tools': ({ name }) => {
      const tools = TOOLS[name];
      if (!tools) return fail('conflict', `the tools of "${name}" cannot be listed now`);
      return ok(tools.map((tool) => toolView({ name: tool, description: `The ${tool} tool` })));
    },
    'servers:settings': ({ name }) =>
      ok(serverSettings({ name, prefix: name === 'memory' ? 'mem' : name })),
  };
}

const card = () => screen.getByRole('region', { name: /^Profiles/ });
const row = (name: string) => card().querySelector<HTMLElement>(`[data-profile="${name}"]`)!;

describe('tools a profile’s agents see', () => {
  it('switches a profile to search with pins, keeping its servers, policies and hiding', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(engine(), 'clients');
    expect(within(row('work')).queryByText('Search')).toBeNull();
    await user.click(within(card()).getByRole('button', { name: 'Edit profile work' }));
    const form = within(card()).getByRole('form', { name: 'Edit profile work' });
    const every = within(form).getByLabelText(/^Every tool/) as HTMLInputElement;
    expect(every.checked).toBe(true);
    expect(within(form).queryByRole('group', { name: /Pinned tools/ })).toBeNull();

    await user.click(within(form).getByLabelText(/^Search — three tools/));
    await settle();
    const pins = within(form).getByRole('group', { name: /Pinned tools/ });
    const offered = within(pins).getAllByRole('checkbox');
    // Names as agents call them: the server's prefix, "__", the tool.
    expect(offered.map((box) => box.nextElementSibling?.textContent)).toEqual([
      'everything__echo',
      'everything__get-sum',
      'mem__read_graph',
      'mem__create_entities',
    ]);
    expect(pins.textContent).toContain('Not running, so their tools are not offered: github.');

    // The filter narrows the list; Enter in it does not save the form.
    const filter = within(pins).getByLabelText('Filter tools to pin');
    await user.type(filter, 'graph{Enter}');
    expect(api.callsOf('profiles:set')).toEqual([]);
    expect(within(pins).getAllByRole('checkbox')).toHaveLength(1);
    await user.click(within(pins).getByLabelText('mem__read_graph'));
    await user.clear(filter);
    await user.type(filter, 'nothing like it');
    expect(pins.textContent).toContain('No tool matches “nothing like it”.');
    await user.clear(filter);
    await user.click(within(pins).getByLabelText('everything__echo'));
    expect(within(pins).getByText('2')).toBeTruthy();
    const chips = within(pins).getByRole('list', { name: 'Pinned' });
    expect(
      within(chips)
        .getAllByRole('button')
        .map((chip) => chip.textContent),
    ).toEqual(['mem__read_graph', 'everything__echo']);

    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(api.callsOf('profiles:set')).toEqual([
      {
        name: 'work',
        profile: {
          servers: ['everything', 'memory', 'github'],
          hideDenied: false,
          tools: { memory: { create_entities: 'deny' } },
          exposure: 'search',
          pinned: ['mem__read_graph', 'everything__echo'],
          recipes: {},
        },
      },
    ]);
    await settle();
    const tags = within(row('work')).getByLabelText('Servers and tools of work');
    expect(tags.textContent).toBe('Search2 pinnedeverything, memory, github');
  });

  it('keeps pins no server lists now, to unpin them, and keeps pins while every tool is listed', async () => {
    const user = userEvent.setup();
    const work = profile({
      servers: ['memory'],
      exposure: 'search',
      pinned: ['mem__read_graph', 'slack__post_message'],
    });
    const { api } = await renderApp(engine(work), 'clients');
    expect(within(row('work')).getByText('Search')).toBeTruthy();
    expect(within(row('work')).getByText('2 pinned')).toBeTruthy();
    await user.click(within(card()).getByRole('button', { name: 'Edit profile work' }));
    const form = within(card()).getByRole('form', { name: 'Edit profile work' });
    await settle();
    const gone = within(form).getByLabelText('slack__post_message') as HTMLInputElement;
    expect(gone.checked).toBe(true);
    expect(gone.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(gone.getAttribute('aria-describedby')!)?.textContent).toBe(
      'not listed by its server now',
    );
    // Unpinned from its chip: it leaves the list (no server offers it), focus goes to the filter.
    await user.click(within(form).getByRole('button', { name: 'Unpin slack__post_message' }));
    expect(within(form).queryByLabelText('slack__post_message')).toBeNull();
    expect(document.activeElement).toBe(within(form).getByLabelText('Filter tools to pin'));
    // Back to every tool: the pins are not offered, but kept for a later switch to search.
    await user.click(within(form).getByLabelText(/^Every tool/));
    expect(within(form).queryByLabelText('mem__read_graph')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(api.callsOf('profiles:set')[0]?.profile).toMatchObject({
      servers: ['memory'],
      exposure: 'all',
      pinned: ['mem__read_graph'],
    });
  });
});
