import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok, type MethodResult } from '../../../api/engine-api.ts';
import { renderApp, settle } from '../../../test-support/render-app.tsx';

const ENTRY = {
  name: 'io.github.acme/notes',
  title: 'Notes',
  description: 'Keeps notes.',
  version: '1.2.0',
  kinds: ['npm' as const, 'remote' as const],
  transports: ['stdio'],
  needsSecret: true,
  settings: [],
  tags: [],
};

const PLAN: MethodResult<'installs:plan'> = {
  summary: ENTRY,
  source: 'npm',
  sources: ['npm', 'remote'],
  version: '1.2.0',
  defaultName: 'notes',
  settings: [
    {
      name: 'NOTES_DIR',
      isRequired: true,
      isSecret: false,
      target: 'env',
      description: 'Where notes live.',
    },
    { name: 'NOTES_TOKEN', isRequired: true, isSecret: true, target: 'env' },
  ],
};

const panel = () => screen.getByRole('region', { name: 'Install Notes' });

async function openForm() {
  const harness = await renderApp(
    {
      'catalog:search': () => ok({ entries: [ENTRY], source: { kind: 'bundled' }, problems: [] }),
      'installs:plan': () => ok(PLAN),
      'installs:start': ({ name }) => ok({ id: 'job-1', server: name ?? 'notes' }),
    },
    'catalog',
  );
  await userEvent.click(screen.getByRole('button', { name: 'Install Notes' }));
  await settle();
  return harness;
}

describe('installing from the catalog', () => {
  it('asks for exactly the declared settings, secrets as password fields', async () => {
    const { api } = await openForm();
    expect(api.callsOf('installs:plan')).toEqual([{ catalog: ENTRY.name }]);
    const form = within(panel()).getByRole('form', { name: 'Install Notes' });
    expect(
      within(form)
        .getByLabelText(/Server name/)
        .getAttribute('value'),
    ).toBe('notes');
    const dir = within(form).getByLabelText(/NOTES_DIR/);
    expect(dir.getAttribute('type')).toBe('text');
    expect(dir.hasAttribute('required')).toBe(true);
    const token = within(form).getByLabelText(/NOTES_TOKEN/);
    expect(token.getAttribute('type')).toBe('password');
    expect(form.textContent).toContain('Stored in your OS keychain');
    expect(within(form).getByLabelText('Install as')).toBeTruthy();
  });

  it('sends the values, forgets them, then follows the progress to done', async () => {
    const { api } = await openForm();
    await userEvent.type(screen.getByLabelText(/NOTES_DIR/), '/tmp/notes');
    await userEvent.type(screen.getByLabelText(/NOTES_TOKEN/), 'hunter2');
    await userEvent.click(within(panel()).getByRole('button', { name: 'Install' }));
    await settle();
    expect(api.callsOf('installs:start')).toEqual([
      {
        catalog: ENTRY.name,
        name: 'notes',
        source: 'npm',
        values: { NOTES_DIR: '/tmp/notes', NOTES_TOKEN: 'hunter2' },
      },
    ]);
    expect(screen.queryByLabelText(/NOTES_TOKEN/)).toBeNull();
    expect(document.body.innerHTML).not.toContain('hunter2');

    act(() =>
      api.emit('installs:progress', {
        id: 'job-1',
        server: 'notes',
        phase: 'downloading',
        fraction: 0.4,
        lines: ['Installing 12 packages'],
      }),
    );
    expect(within(panel()).getByRole('status').textContent).toBe(
      'Installing notes: downloading (40%)',
    );
    expect(
      within(panel()).getByRole('progressbar', { name: 'Install of notes' }).getAttribute('value'),
    ).toBe('40');
    expect(panel().querySelector('.install-lines')?.textContent).toBe('Installing 12 packages');
    act(() =>
      api.emit('installs:progress', {
        id: 'job-1',
        server: 'notes',
        phase: 'done',
        fraction: 1,
        lines: [],
      }),
    );
    expect(within(panel()).getByRole('status').textContent).toBe('Installed notes.');
    expect(screen.getByRole('region', { name: 'Just added' })).toBeTruthy();
  });

  it('shows the engine refusing, and a failed install with its reason', async () => {
    const { api } = await openForm();
    api.handle({
      'installs:start': () => fail('invalid-params', 'missing required setting: NOTES_DIR'),
    });
    await userEvent.type(screen.getByLabelText(/NOTES_DIR/), 'x');
    await userEvent.click(within(panel()).getByRole('button', { name: 'Install' }));
    await settle();
    expect(panel().textContent).toContain('missing required setting: NOTES_DIR');
    api.handle({ 'installs:start': () => ok({ id: 'job-2', server: 'notes' }) });
    await userEvent.click(within(panel()).getByRole('button', { name: 'Install' }));
    await settle();
    act(() =>
      api.emit('installs:progress', {
        id: 'job-2',
        server: 'notes',
        phase: 'failed',
        lines: ['npm error 404'],
        error: 'npm install failed: 404',
      }),
    );
    expect(within(panel()).getByRole('status').textContent).toBe(
      'Installing notes failed: npm install failed: 404',
    );
    await userEvent.click(within(panel()).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('region', { name: 'Install Notes' })).toBeNull();
  });

  it('offers Update and a confirmed Uninstall on installed servers', async () => {
    const summary = {
      name: 'notes',
      status: { state: 'running' as const },
      toolCount: 2,
      restarts: 0,
      isolation: 'shared' as const,
    };
    const { api } = await renderApp(
      {
        'servers:list': () => ok([summary] as never),
        'installs:updates': () =>
          ok([{ server: 'notes', catalog: ENTRY.name, from: '1.0.0', to: '1.2.0' }]),
        'installs:update': () => ok({ from: '1.0.0', to: '1.2.0' }),
        'installs:uninstall': () => ok({ files: true, secrets: 1 }),
      },
      'catalog',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Update notes from 1.0.0 to 1.2.0' }));
    await settle();
    expect(api.callsOf('installs:update')).toEqual([{ name: 'notes' }]);
    expect(screen.queryByRole('button', { name: /^Update notes/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Uninstall notes' }));
    expect(api.callsOf('installs:uninstall')).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Confirm: uninstall notes' }));
    await settle();
    expect(api.callsOf('installs:uninstall')).toEqual([{ name: 'notes' }]);
  });
});
