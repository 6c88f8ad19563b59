import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../api/engine-api.ts';
import { serverSummary, toolView } from '../../../test-support/fixtures.ts';
import { emit, renderApp, settle } from '../../../test-support/render-app.tsx';

describe('servers screen', () => {
  it('updates a server live when its status changes', async () => {
    const { api } = await renderApp({
      'servers:list': () =>
        ok([serverSummary({ name: 'memory', status: { state: 'starting', attempt: 1 } })]),
    });
    const row = screen.getByRole('button', { name: /memory/ });
    expect(within(row).getByText('Starting')).toBeTruthy();

    emit(api, 'servers:status-changed', serverSummary({ name: 'memory', toolCount: 9 }));
    expect(within(row).getByText('Running')).toBeTruthy();
    expect(within(row).getByText('9 tools')).toBeTruthy();

    emit(
      api,
      'servers:status-changed',
      serverSummary({
        name: 'memory',
        status: { state: 'failed', error: 'spawn npx ENOENT' },
        restarts: 3,
      }),
    );
    expect(within(row).getByText('Failed')).toBeTruthy();
    expect(within(row).getByText('3 restarts')).toBeTruthy();
    // The detail pane says why, in words, once; starting again is the one action offered.
    expect(screen.getByText(/spawn npx ENOENT/, { selector: '.callout div' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restart' })).toBeNull();
  });

  it('adds a server it hears about for the first time', async () => {
    const { api } = await renderApp({
      'servers:list': () => ok([serverSummary({ name: 'memory' })]),
    });
    emit(
      api,
      'servers:status-changed',
      serverSummary({ name: 'github', status: { state: 'starting', attempt: 1 } }),
    );
    expect(screen.getByRole('button', { name: /github/ })).toBeTruthy();
  });

  it('starts, stops and restarts through the engine', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp({
      'servers:list': () => ok([serverSummary({ name: 'memory' })]),
    });
    await user.click(screen.getByRole('button', { name: 'Restart' }));
    // Until the status event arrives, nothing else can be clicked (no accidental double action).
    const stop = screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    expect(stop.disabled).toBe(true);
    await user.click(stop);
    emit(api, 'servers:status-changed', serverSummary({ name: 'memory' }));
    expect(stop.disabled).toBe(false);
    await user.click(stop);
    expect(
      api.calls.filter(
        (call) =>
          call.method.startsWith('servers:') &&
          call.method !== 'servers:list' &&
          call.method !== 'servers:tools',
      ),
    ).toEqual([
      { method: 'servers:restart', params: { name: 'memory' } },
      { method: 'servers:stop', params: { name: 'memory' } },
    ]);
  });

  it('switches a tool policy with policies:set', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp({
      'servers:list': () => ok([serverSummary({ name: 'filesystem' })]),
      'servers:tools': () =>
        ok([
          toolView({
            name: 'read_file',
            policy: 'allow',
            policySource: 'annotation',
            annotations: { readOnlyHint: true },
          }),
          toolView({ name: 'write_file', policy: 'ask', annotations: { destructiveHint: true } }),
        ]),
    });
    const row = screen.getByText('write_file').closest('li')!;
    expect(within(row).getByText('destructive')).toBeTruthy();
    const deny = within(row).getByRole('radio', { name: 'Deny' });
    await user.click(deny);
    expect(api.callsOf('policies:set')).toEqual([
      { profile: 'default', server: 'filesystem', tool: 'write_file', policy: 'deny' },
    ]);
    expect((deny as HTMLInputElement).checked).toBe(true);
    expect(within(row).getByText(/set for this profile/)).toBeTruthy();
  });

  it('puts the policy back and says why when policies:set fails', async () => {
    const user = userEvent.setup();
    await renderApp({
      'servers:list': () => ok([serverSummary({ name: 'filesystem' })]),
      'servers:tools': () => ok([toolView({ name: 'write_file', policy: 'ask' })]),
      'policies:set': () => ({
        ok: false,
        error: { code: 'invalid-params', message: 'profile "default" is read-only' },
      }),
    });
    await user.click(screen.getByRole('radio', { name: 'Allow' }));
    await settle();
    expect((screen.getByRole('radio', { name: 'Ask' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('profile "default" is read-only');
  });

  it('tells a new user what to do when there are no servers', async () => {
    const user = userEvent.setup();
    const { stores } = await renderApp();
    expect(screen.getByText('No servers yet')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add your first server' }));
    expect(stores.app.getState().screen).toBe('catalog');
  });
});
