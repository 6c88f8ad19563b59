import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import { renderApp } from '../../../test-support/render-app.tsx';

const PLAN = {
  file: '/home/ann/greeter.mcpb',
  name: 'greeter',
  title: 'Greeter',
  version: '1.2.0',
  description: 'Greets people',
  settings: [
    {
      name: 'greeting',
      title: 'Greeting',
      isRequired: true,
      isSecret: false,
      default: 'hello',
      target: 'argument' as const,
    },
    { name: 'api_key', title: 'API key', isRequired: true, isSecret: true, target: 'env' as const },
  ],
};

describe('installing a bundle', () => {
  it('reads the bundle, asks for its settings, installs it and clears the secret', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(
      {
        'installs:bundle-plan': () => ok(PLAN),
        'installs:bundle': ({ name }) => ok({ server: name ?? 'greeter', missingSecrets: [] }),
      },
      'catalog',
    );
    const card = screen.getByRole('region', { name: 'Install a bundle (.mcpb)' });
    await user.type(within(card).getByLabelText('Bundle file path'), '/home/ann/greeter.mcpb');
    await user.click(within(card).getByRole('button', { name: 'Read bundle' }));
    expect(api.callsOf('installs:bundle-plan')).toEqual([{ file: '/home/ann/greeter.mcpb' }]);
    const form = within(card).getByRole('form', { name: 'Install Greeter' });
    expect(within(form).getByText('version 1.2.0')).toBeTruthy();
    const secret = within(form).getByLabelText(/api_key/);
    expect(secret.getAttribute('type')).toBe('password');
    await user.type(secret, 'k-123');
    await user.click(within(form).getByRole('button', { name: 'Install bundle' }));
    expect(api.callsOf('installs:bundle')).toEqual([
      { file: '/home/ann/greeter.mcpb', name: 'greeter', values: { api_key: 'k-123' } },
    ]);
    expect(within(card).getByRole('status').textContent).toBe('Installed greeter.');
    expect(document.body.textContent).not.toContain('k-123');
  });

  it('says what is wrong with a bad bundle', async () => {
    const user = userEvent.setup();
    await renderApp(
      {
        'installs:bundle-plan': () =>
          fail('invalid-params', 'x.mcpb: manifest.json: server.entry_point: Invalid input'),
      },
      'catalog',
    );
    const card = screen.getByRole('region', { name: 'Install a bundle (.mcpb)' });
    await user.type(within(card).getByLabelText('Bundle file path'), '/tmp/x.mcpb');
    await user.click(within(card).getByRole('button', { name: 'Read bundle' }));
    expect(within(card).getByRole('alert').textContent).toContain(
      'x.mcpb: manifest.json: server.entry_point',
    );
  });
});
