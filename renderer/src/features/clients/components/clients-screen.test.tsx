import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { clientInfo } from '../../../test-support/fixtures.ts';
import { renderApp } from '../../../test-support/render-app.tsx';

describe('clients screen', () => {
  it('shows a new client its token once, with filled-in snippets, until hidden', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(
      {
        'clients:add': ({ name, profile }) =>
          ok({
            client: clientInfo({ name, profile: profile ?? 'default' }),
            token: 'sb_live_0123456789',
          }),
      },
      'clients',
    );
    expect(screen.getByText('No clients yet')).toBeTruthy();

    await user.type(screen.getByLabelText('Client name'), 'cursor');
    await user.click(screen.getByRole('button', { name: 'Create client' }));
    expect(api.callsOf('clients:add')).toEqual([{ name: 'cursor', profile: 'default' }]);

    const tokenCard = screen.getByRole('region', { name: /Token for “cursor”/ });
    expect(within(tokenCard).getByLabelText('Client token').textContent).toBe('sb_live_0123456789');
    expect(within(tokenCard).getByText(/shown only once/)).toBeTruthy();
    expect(within(tokenCard).getByRole('button', { name: 'Copy the token' })).toBeTruthy();
    // The Claude Desktop snippet already carries the token and the gateway URL.
    const snippet = within(tokenCard).getByText(/"mcpServers"/);
    expect(snippet.textContent).toMatch(/"--token",\s+"sb_live_0123456789"/);
    expect(snippet.textContent).toContain('http://127.0.0.1:4777/mcp');
    await user.click(within(tokenCard).getByRole('tab', { name: 'Claude Code' }));
    expect(within(tokenCard).getByText(/claude mcp add/).textContent).toContain(
      'Authorization: Bearer sb_live_0123456789',
    );

    await user.click(screen.getByRole('button', { name: /hide the token/ }));
    expect(screen.queryByText('sb_live_0123456789')).toBeNull();
    expect(document.body.textContent).not.toContain('sb_live_0123456789');
    // The client stays listed, and its snippets now ask for the token instead.
    const row = screen.getByText('cursor', { selector: 'strong' }).closest('li')!;
    await user.click(within(row).getByRole('button', { name: 'How to connect' }));
    expect(within(row).getByText(/"mcpServers"/).textContent).toContain('<token>');
  });

  it('shows why a client could not be created', async () => {
    const user = userEvent.setup();
    await renderApp(
      { 'clients:add': () => fail('conflict', 'a client named "cursor" already exists') },
      'clients',
    );
    await user.type(screen.getByLabelText('Client name'), 'cursor');
    await user.click(screen.getByRole('button', { name: 'Create client' }));
    expect(screen.getByRole('alert').textContent).toContain(
      'a client named "cursor" already exists',
    );
  });

  it('revokes a client after confirmation', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(
      {
        'clients:list': () => ok([clientInfo({ name: 'cursor', id: 'c1' })]),
        'clients:revoke': ({ id }) => ok(clientInfo({ name: 'cursor', id, revokedAt: Date.now() })),
      },
      'clients',
    );
    await user.click(screen.getByRole('button', { name: 'Revoke cursor…' }));
    await user.click(screen.getByRole('button', { name: 'Revoke “cursor”' }));
    expect(api.callsOf('clients:revoke')).toEqual([{ id: 'c1' }]);
    expect(screen.getByText(/^Revoked/)).toBeTruthy();
  });
});
