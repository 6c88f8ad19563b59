import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../api/engine-api.ts';
import type { FakeHandler } from '../../../api/fake-engine-api.ts';
import { serverSummary } from '../../../test-support/fixtures.ts';
import { renderApp, settle } from '../../../test-support/render-app.tsx';
import type { ServerSettings } from '../lib/server-types.ts';

const LOCAL: ServerSettings = {
  name: 'memory',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-memory'],
  envKeys: ['A', 'B'],
  headerKeys: [],
  secrets: [],
  isolation: 'per-session',
  lazy: false,
  prefix: 'memory',
};

const REMOTE: ServerSettings = {
  ...LOCAL,
  transport: 'http',
  command: undefined,
  args: undefined,
  url: 'https://old.example.com/mcp',
  envKeys: [],
  headerKeys: ['Authorization'],
};

/** The engine's answer: the patch applied, values dropped (they never come back). */
function applied(settings: ServerSettings): FakeHandler<'servers:update'> {
  return ({ name: _name, env, headers, cwd, ...rest }) => {
    const names = (keys: string[], patch: Record<string, string | null> = {}) => [
      ...keys.filter((key) => patch[key] !== null),
      ...Object.keys(patch).filter((key) => patch[key] !== null && !keys.includes(key)),
    ];
    return ok({
      ...settings,
      ...rest,
      cwd: cwd === null ? undefined : (cwd ?? settings.cwd),
      envKeys: names(settings.envKeys, env),
      headerKeys: names(settings.headerKeys, headers),
    });
  };
}

async function openLaunch(settings: ServerSettings, update = applied(settings)) {
  const user = userEvent.setup();
  const rendered = await renderApp({
    'servers:list': () => ok([serverSummary({ name: settings.name })]),
    'servers:settings': () => ok(settings),
    'servers:update': update,
  });
  await user.click(screen.getByRole('tab', { name: 'Settings' }));
  await settle();
  const section = screen.getByRole('region', { name: settings.url ? 'Address' : 'Command' });
  await user.click(within(section).getByRole('button', { name: 'Edit' }));
  const form = within(section).getByRole('form', { name: 'Launch settings' });
  return { ...rendered, user, section, form };
}

const saveButton = (form: HTMLElement) =>
  within(form).getByRole('button', { name: 'Save and restart' }) as HTMLButtonElement;

describe('launch settings', () => {
  it('sends only what changed for a local server, then shows the new settings', async () => {
    const { api, user, section, form } = await openLaunch(LOCAL);
    expect((within(form).getByLabelText('Command') as HTMLInputElement).value).toBe('npx');
    const args = within(form).getByLabelText('Arguments');
    expect(args.getAttribute('aria-describedby')).toBeTruthy();
    await user.clear(args);
    await user.type(args, '-y{Enter}@modelcontextprotocol/server-memory{Enter}--note=two words');
    await user.type(within(form).getByLabelText('New value for A'), 'new');
    await user.click(within(form).getByRole('button', { name: 'Remove B' }));
    expect(
      within(form).getByRole('button', { name: 'Remove B' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await user.click(within(form).getByRole('button', { name: 'Add variable' }));
    await user.type(within(form).getByLabelText('New variable 1 name'), 'C');
    await user.type(within(form).getByLabelText('New variable 1 value'), 'v');
    await user.click(saveButton(form));
    await settle();

    expect(api.callsOf('servers:update')).toEqual([
      {
        name: 'memory',
        args: ['-y', '@modelcontextprotocol/server-memory', '--note=two words'],
        env: { A: 'new', B: null, C: 'v' },
      },
    ]);
    expect(within(section).queryByRole('form')).toBeNull();
    expect(section.querySelector('pre')?.textContent).toBe(
      'npx -y @modelcontextprotocol/server-memory "--note=two words"',
    );
    const names = within(section).getByLabelText('Environment variable names');
    expect(names.textContent).toBe('AC');
    expect(document.activeElement).toBe(within(section).getByRole('button', { name: 'Edit' }));
  });

  it('edits a remote server by URL and headers only', async () => {
    const { api, user, section, form } = await openLaunch(REMOTE);
    expect(within(form).queryByLabelText('Command')).toBeNull();
    expect(within(form).queryByLabelText('Arguments')).toBeNull();
    const url = within(form).getByLabelText('URL');
    await user.clear(url);
    await user.type(url, 'https://new.example.com/mcp');
    await user.type(within(form).getByLabelText('New value for Authorization'), 'Bearer abc');
    await user.click(within(form).getByRole('button', { name: 'Add header' }));
    await user.type(within(form).getByLabelText('New header 1 name'), 'X-Team');
    await user.type(within(form).getByLabelText('New header 1 value'), 'blue');
    await user.click(saveButton(form));
    await settle();

    expect(api.callsOf('servers:update')).toEqual([
      {
        name: 'memory',
        url: 'https://new.example.com/mcp',
        headers: { Authorization: 'Bearer abc', 'X-Team': 'blue' },
      },
    ]);
    expect(section.querySelector('pre')?.textContent).toBe('https://new.example.com/mcp');
    expect(within(section).getByLabelText('Header names').textContent).toBe('AuthorizationX-Team');
  });

  it('shows the engine’s refusal in words and keeps what was typed', async () => {
    const message = 'servers:update: "mcpServers.x.url" Invalid URL';
    const { api, user, form } = await openLaunch(REMOTE, () => fail('invalid-params', message));
    const url = within(form).getByLabelText('URL') as HTMLInputElement;
    await user.clear(url);
    await user.type(url, 'not a url');
    await user.click(saveButton(form));
    await settle();

    expect(api.callsOf('servers:update')).toEqual([{ name: 'memory', url: 'not a url' }]);
    expect(within(form).getByRole('alert').textContent).toContain(message);
    expect(form.isConnected).toBe(true);
    expect(url.value).toBe('not a url');
    expect(saveButton(form).disabled).toBe(false);
  });

  it('saves nothing unchanged, and Cancel goes back to the read-only view', async () => {
    const { api, user, section, form } = await openLaunch({ ...LOCAL, cwd: '/srv/memory' });
    expect(saveButton(form).disabled).toBe(true);
    const value = within(form).getByLabelText('New value for A');
    await user.type(value, 'x');
    expect(saveButton(form).disabled).toBe(false);
    await user.clear(value);
    expect(saveButton(form).disabled).toBe(true);

    await user.clear(within(form).getByLabelText('Working directory'));
    expect(saveButton(form).disabled).toBe(false);
    await user.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(within(section).queryByRole('form')).toBeNull();
    expect(section.querySelector('pre')?.textContent).toBe(
      'npx -y @modelcontextprotocol/server-memory',
    );
    expect(within(section).getByText('/srv/memory')).toBeTruthy();
    expect(document.activeElement).toBe(within(section).getByRole('button', { name: 'Edit' }));
    expect(api.callsOf('servers:update')).toEqual([]);

    // Opening again starts from the saved settings, not the abandoned draft.
    await user.click(within(section).getByRole('button', { name: 'Edit' }));
    const reopened = within(section).getByRole('form', { name: 'Launch settings' });
    const cwd = within(reopened).getByLabelText('Working directory') as HTMLInputElement;
    expect(cwd.value).toBe('/srv/memory');
    await user.clear(cwd);
    await user.click(saveButton(reopened));
    expect(api.callsOf('servers:update')).toEqual([{ name: 'memory', cwd: null }]);
  });
});
