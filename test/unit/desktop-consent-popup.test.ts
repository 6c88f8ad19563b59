import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsentQuestion } from '../../electron/gateway/consent/consent-broker.ts';
import { ConsentBroker } from '../../electron/gateway/consent/consent-broker.ts';
import { ConsentGrantsStore } from '../../electron/gateway/consent/consent-grants-store.ts';
import { ConsentPopup, popupAction } from '../../electron/main/windows/consent-popup.ts';
import { fakeShell, type FakeWindow } from '../helpers/desktop-fakes.ts';

const question: ConsentQuestion = {
  clientId: 'c1',
  clientName: 'Cursor',
  profile: 'default',
  sessionId: 's1',
  server: 'fs',
  tool: 'write_file',
  arguments: { path: '/tmp/a' },
};

function setup() {
  const fakes = fakeShell();
  const broker = new ConsentBroker({
    grants: new ConsentGrantsStore(mkdtempSync(join(tmpdir(), 'sb-popup-'))),
  });

  const popup = new ConsentPopup(fakes.shell.windows);
  popup.start(broker);
  const popups = () => fakes.windows.filter((w) => w.loaded[0]?.query?.view === 'consent');
  return { ...fakes, broker, popup, popups };
}

describe('consent popup decisions', () => {
  it.each([
    [{ type: 'requested', dashboardFocused: false, popupOpen: false }, 'open'],
    [{ type: 'requested', dashboardFocused: true, popupOpen: false }, 'none'],
    [{ type: 'requested', dashboardFocused: false, popupOpen: true }, 'raise'],
    [{ type: 'resolved', pending: 0, popupOpen: true }, 'close'],
    [{ type: 'resolved', pending: 2, popupOpen: true }, 'none'],
    [{ type: 'resolved', pending: 0, popupOpen: false }, 'none'],
  ] as const)('%o → %s', (trigger, action) => {
    expect(popupAction(trigger)).toBe(action);
  });

  it('opens one always-on-top popup for requests while no dashboard is focused, closes it when none are left', async () => {
    const { broker, popups } = setup();
    const first = broker.ask(question);
    const second = broker.ask({ ...question, tool: 'delete_file' });
    expect(popups()).toHaveLength(1);
    const window = popups()[0]!;
    expect(window.options.alwaysOnTop).toBe(true);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    window.emit('ready-to-show');
    expect(window.shown).toBeGreaterThan(0);
    expect(window.isFocused()).toBe(true);

    const [a, b] = broker.pending();
    broker.answer(a!.id, 'allow-once', 'me');
    expect(window.isDestroyed()).toBe(false); // one still waits
    broker.answer(b!.id, 'deny', 'me');
    expect(window.isDestroyed()).toBe(true);
    await expect(first).resolves.toMatchObject({ allowed: true });
    await expect(second).resolves.toMatchObject({ allowed: false });
  });

  it('stays away while the dashboard is the focused window', () => {
    const { broker, popups, shell } = setup();
    const dashboard = shell.windows.showDashboard() as unknown as FakeWindow;
    dashboard.focused = true;
    void broker.ask(question);
    expect(popups()).toHaveLength(0);
    dashboard.focused = false; // the person switched to another app
    void broker.ask({ ...question, tool: 'other' });
    expect(popups()).toHaveLength(1);
    broker.shutdown();
    expect(popups()[0]!.isDestroyed()).toBe(true);
  });

  it('follows the broker no more once stopped', () => {
    const { broker, popups, popup } = setup();
    popup.stop();
    void broker.ask(question);
    expect(popups()).toHaveLength(0);
    broker.shutdown();
  });
});

describe('the desktop app as a consent UI', () => {
  it('counts as an attached UI while it follows the broker, so requests wait for the popup', () => {
    const { broker, popup } = setup();
    expect(broker.hasUi).toBe(true);
    popup.stop();
    expect(broker.hasUi).toBe(false);
  });
});
