import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../api/engine-api.ts';
import type { FakeHandlers } from '../../../api/fake-engine-api.ts';
import { clientInfo, profile, serverSummary } from '../../../test-support/fixtures.ts';
import { renderApp, settle } from '../../../test-support/render-app.tsx';
import type { Profiles } from '../store/profiles-store.ts';

/** An engine that keeps the profiles it is given, with three servers and one client. */
function engine(): FakeHandlers {
  let profiles: Profiles = {
    default: profile(),
    work: profile({ servers: ['github', 'slack'], tools: { github: { delete_repo: 'deny' } } }),
  };
  return {
    'profiles:list': () => ok(profiles),
    'profiles:set': ({ name, profile: saved }) => {
      profiles = { ...profiles, [name]: profile(saved) };
      return ok({ ok: true });
    },
    'servers:list': () =>
      ok(['memory', 'github', 'filesystem'].map((name) => serverSummary({ name }))),
    'clients:list': () => ok([clientInfo({ name: 'cursor', profile: 'work' })]),
    'clients:add': ({ name, profile }) =>
      ok({ client: clientInfo({ name, profile: profile ?? 'default' }), token: 'sb_x' }),
  };
}

const card = () => screen.getByRole('region', { name: /^Profiles/ });

describe('profiles on the clients screen', () => {
  it('lists each profile with its servers, policies and clients', async () => {
    await renderApp(engine(), 'clients');
    const rows = within(card()).getAllByRole('listitem');
    expect(rows.map((row) => row.dataset.profile)).toEqual(['default', 'work']);
    expect(rows[0]!.textContent).toContain('All servers');
    expect(rows[0]!.textContent).toContain('no tool policies · used by 0 clients');
    expect(rows[1]!.textContent).toContain('github, slack');
    expect(rows[1]!.textContent).toContain(
      'denied tools hidden · 1 tool policy · used by 1 client',
    );
    // Each client still says which profile it belongs to.
    const clients = screen.getByRole('region', { name: /^Clients/ });
    expect(within(clients).getByText(/profile work/)).toBeTruthy();
  });

  it('creates a profile with chosen servers, then offers it for new clients and tool policies', async () => {
    const user = userEvent.setup();
    const { api, stores } = await renderApp(engine(), 'clients');
    await user.click(within(card()).getByRole('button', { name: 'New profile' }));
    const form = within(card()).getByRole('form', { name: 'New profile' });
    const name = within(form).getByLabelText('Profile name');
    expect(document.activeElement).toBe(name);

    await user.type(name, 'my research');
    await user.click(within(form).getByRole('button', { name: 'Create profile' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/no spaces/);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(api.callsOf('profiles:set')).toEqual([]);

    await user.clear(name);
    await user.type(name, 'research');
    await user.click(within(form).getByLabelText('Only the servers chosen here'));
    const servers = within(form).getByRole('group', { name: 'Servers in this profile' });
    await user.click(within(servers).getByLabelText('memory'));
    await user.click(within(servers).getByLabelText('filesystem'));
    await user.click(within(form).getByLabelText(/Hide denied tools/));
    await user.click(within(form).getByRole('button', { name: 'Create profile' }));
    expect(api.callsOf('profiles:set')).toEqual([
      {
        name: 'research',
        profile: {
          servers: ['memory', 'filesystem'],
          hideDenied: false,
          tools: {},
          exposure: 'all',
          pinned: [],
          recipes: {},
        },
      },
    ]);
    await settle();
    expect(within(card()).queryByRole('form')).toBeNull();
    expect(within(card()).getByRole('status').textContent).toBe('Saved profile “research”');
    expect(document.activeElement).toBe(
      within(card()).getByRole('button', { name: 'Edit profile research' }),
    );

    // New clients can belong to it…
    await user.selectOptions(screen.getByLabelText('Profile'), 'research');
    await user.type(screen.getByLabelText('Client name'), 'notebook');
    await user.click(screen.getByRole('button', { name: 'Create client' }));
    expect(api.callsOf('clients:add')).toEqual([{ name: 'notebook', profile: 'research' }]);

    // …and the Servers screen sets tool policies for it.
    act(() => stores.app.getState().navigate('servers'));
    await settle();
    const selector = screen.getByRole('combobox', { name: 'Profile' });
    const options = within(selector).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['default', 'research', 'work']);
  });

  it('edits a profile in place (its name stays), and Escape cancels', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(engine(), 'clients');
    const edit = within(card()).getByRole('button', { name: 'Edit profile work' });
    await user.click(edit);
    expect(edit.getAttribute('aria-expanded')).toBe('true');
    const form = within(card()).getByRole('form', { name: 'Edit profile work' });
    expect(within(form).queryByLabelText('Profile name')).toBeNull();
    const only = within(form).getByLabelText('Only the servers chosen here') as HTMLInputElement;
    expect(only.checked).toBe(true);
    expect((within(form).getByLabelText('github') as HTMLInputElement).checked).toBe(true);
    // A server it names that is no longer configured stays visible, to be taken out.
    expect(within(form).getByLabelText(/slack \(not configured\)/)).toBeTruthy();
    await user.click(within(form).getByLabelText(/slack/));
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(api.callsOf('profiles:set')).toEqual([
      {
        name: 'work',
        profile: {
          servers: ['github'],
          hideDenied: true,
          tools: { github: { delete_repo: 'deny' } },
          exposure: 'all',
          pinned: [],
          recipes: {},
        },
      },
    ]);
    await settle();

    const editDefault = within(card()).getByRole('button', { name: 'Edit profile default' });
    await user.click(editDefault);
    expect(within(card()).getByRole('form', { name: 'Edit profile default' })).toBeTruthy();
    expect(document.activeElement).toBe(
      within(card()).getByLabelText('All servers, including ones added later'),
    );
    await user.keyboard('{Escape}');
    await settle();
    expect(within(card()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(editDefault);
    expect(api.callsOf('profiles:set')).toHaveLength(1);
  });
});
