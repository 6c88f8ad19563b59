import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { serverSummary } from '../../../test-support/fixtures.ts';
import { emit, renderApp } from '../../../test-support/render-app.tsx';

describe('catalog screen', () => {
  it('checks the required fields before sending anything', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp({}, 'catalog');
    await user.click(screen.getByRole('button', { name: 'Add and start' }));
    expect(screen.getByText('Give the server a name.')).toBeTruthy();
    expect(screen.getByText('Enter the command that starts the server.')).toBeTruthy();
    expect(screen.getByLabelText(/^Name/).getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Name/));
    expect(api.callsOf('servers:add')).toEqual([]);
  });

  it('adds a server with a secret and follows it while it starts', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(
      {
        'servers:add': ({ name }) =>
          ok(serverSummary({ name, status: { state: 'starting', attempt: 1 } })),
      },
      'catalog',
    );
    await user.type(screen.getByLabelText(/^Name/), 'github');
    await user.type(screen.getByLabelText(/^Command/), 'npx');
    await user.type(screen.getByLabelText('Arguments'), '-y @modelcontextprotocol/server-github');
    await user.click(screen.getByRole('button', { name: 'Add variable' }));
    await user.type(screen.getByLabelText('variable 1 name'), 'GITHUB_TOKEN');
    await user.click(screen.getByRole('checkbox', { name: 'Secret' }));
    await user.type(screen.getByLabelText('variable 1 value'), 'ghp_xyz');
    expect(screen.getByLabelText('variable 1 value').getAttribute('type')).toBe('password');
    await user.click(screen.getByRole('button', { name: 'Add and start' }));
    expect(api.callsOf('secrets:set')).toEqual([
      { server: 'github', key: 'GITHUB_TOKEN', value: 'ghp_xyz' },
    ]);
    expect(api.callsOf('servers:add')[0]?.entry).toEqual({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_TOKEN: '${secret:GITHUB_TOKEN}' },
    });

    emit(
      api,
      'servers:status-changed',
      serverSummary({ name: 'github', status: { state: 'starting', attempt: 1 } }),
    );
    const recent = screen.getByRole('region', { name: 'Just added' });
    expect(within(recent).getByText('Starting')).toBeTruthy();
    emit(api, 'servers:status-changed', serverSummary({ name: 'github', toolCount: 26 }));
    expect(within(recent).getByText('Running')).toBeTruthy();
    expect(within(recent).getByText('26 tools')).toBeTruthy();
  });

  it('imports a config file and reports what it added', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(
      { 'servers:import': () => ok({ added: ['memory'], skipped: ['everything'] }) },
      'catalog',
    );
    await user.click(screen.getByRole('button', { name: 'Claude Desktop' }));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(api.callsOf('servers:import')).toEqual([
      { file: '/home/user/.config/Claude/claude_desktop_config.json' },
    ]);
    expect(screen.getByText(/Added 1 server: memory\. Skipped everything/)).toBeTruthy();
  });

  it('shows why an import failed', async () => {
    const user = userEvent.setup();
    await renderApp(
      { 'servers:import': () => fail('invalid-params', 'no such file: /nope.json') },
      'catalog',
    );
    await user.type(screen.getByLabelText('Config file path'), '/nope.json');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(screen.getByRole('alert').textContent).toContain('no such file: /nope.json');
  });
});
