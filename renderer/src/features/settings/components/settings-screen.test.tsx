import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { renderApp } from '../../../test-support/render-app.tsx';

describe('settings screen', () => {
  it('shows where the gateway lives, read-only', async () => {
    await renderApp({}, 'settings');
    const gateway = screen.getByRole('region', { name: 'Gateway' });
    expect(within(gateway).getByText('http://127.0.0.1:4777/mcp')).toBeTruthy();
    expect(within(gateway).queryByRole('textbox')).toBeNull();
    expect(within(gateway).getByText('/home/user/.config/switchboard')).toBeTruthy();
    expect(within(gateway).getByText('4777')).toBeTruthy();
  });

  it('saves only what changed, with settings:set', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(
      {
        'settings:set': (patch) =>
          ok({
            url: 'http://127.0.0.1:4777',
            port: 4777,
            dataDir: '/d',
            secretStore: 'keychain',
            defaultPolicy: 'ask',
            consentTimeoutSeconds: 60,
            logRetentionDays: 30,
            logMaxRows: 100_000,
            ...patch,
          }),
      },
      'settings',
    );
    const save = screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    const timeout = screen.getByLabelText('Consent timeout');
    await user.clear(timeout);
    await user.type(timeout, '120');
    await user.click(screen.getByRole('radio', { name: 'Deny' }));
    await user.click(save);
    expect(api.callsOf('settings:set')).toEqual([
      {
        defaultPolicy: 'deny',
        consentTimeoutSeconds: 120,
        logRetentionDays: 30,
        logMaxRows: 100_000,
      },
    ]);
    expect(screen.getByText('Saved')).toBeTruthy();
  });

  it('shows the engine refusing a value in words', async () => {
    const user = userEvent.setup();
    await renderApp(
      { 'settings:set': () => fail('invalid-params', 'logRetentionDays: must be at most 3650') },
      'settings',
    );
    const days = screen.getByLabelText('Keep the call log for');
    await user.clear(days);
    await user.type(days, '99999');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByRole('alert').textContent).toContain(
      'logRetentionDays: must be at most 3650',
    );
  });

  it('accepts what the engine accepts and says inline what it would refuse', async () => {
    const user = userEvent.setup();
    await renderApp({}, 'settings');
    const timeout = screen.getByLabelText('Consent timeout');
    const save = screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement;
    await user.clear(timeout);
    await user.type(timeout, '0');
    expect(screen.getByText('Enter a number from 1 to 3600.')).toBeTruthy();
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
    expect(save.disabled).toBe(true);
    await user.clear(timeout);
    await user.type(timeout, '2');
    expect(screen.queryByText(/Enter a number/)).toBeNull();
    expect(save.disabled).toBe(false);
  });
});
