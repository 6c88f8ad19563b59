import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../api/engine-api.ts';
import { serverSummary } from '../../../test-support/fixtures.ts';
import { renderApp, settle } from '../../../test-support/render-app.tsx';
import type { ServerSettings } from '../lib/server-types.ts';

const SETTINGS: ServerSettings = {
  name: 'memory',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-memory'],
  envKeys: [],
  headerKeys: [],
  secrets: [],
  isolation: 'per-session',
  lazy: false,
  prefix: 'memory',
};

async function openSettings() {
  const user = userEvent.setup();
  let settings = SETTINGS;
  const rendered = await renderApp({
    'servers:list': () => ok([serverSummary({ name: 'memory' })]),
    'servers:settings': () => ok(settings),
    'servers:configure': ({ name: _name, ...patch }) => {
      const { resultCacheSeconds, defaultPolicy, ...rest } = patch;
      settings = {
        ...settings,
        ...rest,
        defaultPolicy: defaultPolicy ?? undefined,
        resultCacheSeconds: resultCacheSeconds ?? undefined,
      };
      return ok(settings);
    },
  });
  await user.click(screen.getByRole('tab', { name: 'Settings' }));
  await settle();
  const form = screen.getByRole('form', { name: 'How Switchboard runs it' });
  return { ...rendered, user, form };
}

describe('server behaviour settings', () => {
  it('says that changing isolation restarts the server, and saves it with servers:configure', async () => {
    const { api, user, form } = await openSettings();
    expect(form.getAttribute('aria-describedby')).toBeTruthy();
    expect(form.textContent).toContain('Changing isolation or lazy start restarts the server');
    expect(within(form).queryByText(/Saving restarts/)).toBeNull();

    await user.selectOptions(within(form).getByLabelText('Isolation'), 'shared');
    expect(within(form).getByText(/Saving restarts “memory”/)).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Save and restart' }));
    expect(api.callsOf('servers:configure')).toEqual([
      {
        name: 'memory',
        isolation: 'shared',
        lazy: false,
        defaultPolicy: null,
        resultCacheSeconds: null,
      },
    ]);
    await settle();
    expect(within(form).queryByText(/Saving restarts/)).toBeNull();
    expect((within(form).getByLabelText('Isolation') as HTMLSelectElement).value).toBe('shared');
    expect(within(form).getByRole('status').textContent).toBe('Saved');
  });

  it('warns about a restart for lazy start too, but not for the default policy', async () => {
    const { user, form } = await openSettings();
    await user.selectOptions(within(form).getByLabelText('Default policy for its tools'), 'deny');
    expect(within(form).queryByText(/Saving restarts/)).toBeNull();
    expect(within(form).getByRole('button', { name: 'Save changes' })).toBeTruthy();
    await user.click(within(form).getByLabelText(/Lazy start/));
    expect(within(form).getByText(/Saving restarts “memory”/)).toBeTruthy();
    expect(within(form).getByRole('button', { name: 'Save and restart' })).toBeTruthy();
  });

  it('switches the result cache on for a number of seconds, without a restart, and off again', async () => {
    const { api, user, form } = await openSettings();
    const field = within(form).getByLabelText('Cache read-only results (seconds)');
    await user.type(field, '60');
    expect(within(form).queryByText(/Saving restarts/)).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await settle();
    expect(api.callsOf('servers:configure').at(-1)).toMatchObject({ resultCacheSeconds: 60 });
    expect((field as HTMLInputElement).value).toBe('60');
    await user.clear(field);
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(api.callsOf('servers:configure').at(-1)).toMatchObject({ resultCacheSeconds: null });
  });
});
