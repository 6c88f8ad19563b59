import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { renderApp } from '../../../test-support/render-app.tsx';
import type { ClientConfigView } from '../store/client-configs-store.ts';

function view(
  overrides: Partial<ClientConfigView> & Pick<ClientConfigView, 'client'>,
): ClientConfigView {
  return {
    label: overrides.client,
    file: `/home/ann/${overrides.client}.json`,
    found: true,
    link: 'http',
    connected: false,
    canUndo: false,
    servers: [],
    ...overrides,
  };
}

const cursor = view({
  client: 'cursor',
  label: 'Cursor',
  servers: [
    {
      name: 'github',
      sourceName: 'github',
      transport: 'stdio',
      command: 'npx',
      envKeys: ['GITHUB_TOKEN'],
      headerKeys: [],
      literalSecrets: ['GITHUB_TOKEN'],
      state: 'new',
    },
    {
      name: 'memory',
      sourceName: 'memory',
      transport: 'stdio',
      command: 'node',
      envKeys: [],
      headerKeys: [],
      literalSecrets: [],
      state: 'configured',
    },
  ],
});

describe('your AI apps', () => {
  it('connects an app, says where the backup is, and undoes it', async () => {
    const user = userEvent.setup();
    let connected = false;
    const { api } = await renderApp(
      {
        'clientConfigs:list': () =>
          ok([
            view({ ...cursor, servers: [], connected, canUndo: connected }),
            view({ client: 'windsurf', label: 'Windsurf', found: false }),
          ]),
        'clientConfigs:connect': ({ client }) => {
          connected = true;
          return ok({
            client: client,
            file: '/home/ann/cursor.json',
            backup: '/home/ann/cursor.json.switchboard-backup-2026-12-07T12-00-00Z',
            created: false,
            clientName: 'cursor',
            link: 'http',
            entry: {
              url: 'http://127.0.0.1:4777/mcp',
              headers: { Authorization: 'Bearer <token>' },
            },
          });
        },
        'clientConfigs:undo': ({ client }) => {
          connected = false;
          return ok({
            client,
            file: '/home/ann/cursor.json',
            outcome: 'restored',
            revoked: 'cursor',
          });
        },
      },
      'clients',
    );
    const row = screen.getByText('Cursor', { selector: 'strong' }).closest('li')!;
    expect(within(row).getByText('Not connected')).toBeTruthy();
    const windsurf = screen.getByText('Windsurf', { selector: 'strong' }).closest('li')!;
    expect(within(windsurf).getByText('No config file yet')).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: 'Connect Cursor' }));
    expect(api.callsOf('clientConfigs:connect')).toEqual([
      { client: 'cursor', profile: 'default' },
    ]);
    expect(within(row).getByRole('status').textContent).toContain(
      'kept as /home/ann/cursor.json.switchboard-backup-2026-12-07T12-00-00Z',
    );
    expect(within(row).getByText('Connected')).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: 'Undo connecting Cursor' }));
    expect(api.callsOf('clientConfigs:undo')).toEqual([{ client: 'cursor' }]);
    expect(within(row).getByRole('status').textContent).toBe(
      'Restored /home/ann/cursor.json and revoked its token.',
    );
    expect(within(row).getByText('Not connected')).toBeTruthy();
  });

  it('imports the chosen servers, offering to move literal secrets to the keychain', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(
      {
        'clientConfigs:list': () => ok([cursor]),
        'clientConfigs:import': () =>
          ok({ added: ['github'], skipped: [], secretsMoved: ['github/GITHUB_TOKEN'] }),
      },
      'clients',
    );
    const row = screen.getByText('Cursor', { selector: 'strong' }).closest('li')!;
    await user.click(within(row).getByRole('button', { name: 'Import 1 server…' }));
    const panel = within(row).getByRole('group', { name: 'Import from Cursor' });
    expect(within(panel).getByText(/Switchboard has a server of that name/)).toBeTruthy();
    const move = within(panel).getByLabelText(/Move 1 secret \(github: GITHUB_TOKEN\)/);
    expect((move as HTMLInputElement).checked).toBe(true);
    await user.click(within(panel).getByRole('button', { name: 'Import 1 server' }));
    expect(api.callsOf('clientConfigs:import')).toEqual([
      { client: 'cursor', names: ['github'], moveSecrets: true },
    ]);
    expect(within(row).getByRole('status').textContent).toBe(
      'Imported 1 server; 1 secret moved to the keychain.',
    );
  });

  it('shows a config it cannot read, and why connect failed', async () => {
    const user = userEvent.setup();
    await renderApp(
      {
        'clientConfigs:list': () =>
          ok([
            view({
              client: 'vscode',
              label: 'VS Code',
              error: 'mcp.json: is not valid JSONC: at line 3',
            }),
            view({ client: 'cursor', label: 'Cursor' }),
          ]),
        'clientConfigs:connect': () => fail('internal', 'EACCES: permission denied'),
      },
      'clients',
    );
    const vscode = screen.getByText('VS Code', { selector: 'strong' }).closest('li')!;
    expect(within(vscode).getByText(/not valid JSONC: at line 3/)).toBeTruthy();
    expect(
      (within(vscode).getByRole('button', { name: 'Connect VS Code' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    const row = screen.getByText('Cursor', { selector: 'strong' }).closest('li')!;
    await user.click(within(row).getByRole('button', { name: 'Connect Cursor' }));
    expect(within(row).getByRole('status').textContent).toContain('EACCES: permission denied');
  });
});
