import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../api/engine-api.ts';
import { serverSummary } from '../test-support/fixtures.ts';
import { renderApp } from '../test-support/render-app.tsx';

describe('dashboard shell', () => {
  it('navigates between screens with labelled controls', async () => {
    const user = userEvent.setup();
    await renderApp();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('button', { name: 'Servers' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await user.click(within(nav).getByRole('button', { name: 'Call log' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Call log' })).toBeTruthy();
    expect(document.activeElement?.id).toBe('content');
  });

  it('shows the gateway status in the header', async () => {
    await renderApp({
      'servers:list': () =>
        ok([
          serverSummary({ name: 'a' }),
          serverSummary({ name: 'b', status: { state: 'stopped' } }),
        ]),
    });
    expect(screen.getByText(/1 of 2 servers running/)).toBeTruthy();
    expect(screen.getByText('http://127.0.0.1:4777/mcp')).toBeTruthy();
  });

  it('shows engine errors in words in the banner until dismissed', async () => {
    const user = userEvent.setup();
    await renderApp({
      'servers:list': () => ok([serverSummary({ name: 'memory', status: { state: 'stopped' } })]),
      'servers:start': () => fail('internal', 'spawn npx ENOENT: is Node installed?'),
    });
    await user.click(screen.getByRole('button', { name: 'Start' }));
    const banner = screen.getByRole('region', { name: 'Errors' });
    expect(within(banner).getByRole('alert').textContent).toBe(
      'Start "memory" failed. spawn npx ENOENT: is Node installed?',
    );
    await user.click(within(banner).getByRole('button', { name: /Dismiss/ }));
    expect(screen.queryByRole('region', { name: 'Errors' })).toBeNull();
  });

  it('says how to sign in when the gateway answers 401', async () => {
    await renderApp({
      'servers:list': () => fail('unauthorized', 'send Authorization: Bearer <admin token>'),
    });
    expect(
      screen.getByRole('heading', { name: /Open the login link printed by switchboard serve/ }),
    ).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('says so when the list cannot be loaded at all', async () => {
    await renderApp({
      'servers:list': () => fail('internal', 'cannot reach the gateway: fetch failed'),
    });
    expect(screen.getByText('Could not load the servers')).toBeTruthy();
    expect(screen.getAllByText(/cannot reach the gateway: fetch failed/).length).toBeGreaterThan(0);
    expect(screen.getByText('Gateway unreachable')).toBeTruthy();
  });
});
