import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../api/engine-api.ts';
import { consentRequest, serverSummary } from '../../../test-support/fixtures.ts';
import { emit, renderApp } from '../../../test-support/render-app.tsx';

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  return userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
}

describe('consent prompt', () => {
  it('appears over any screen, with the request, its annotations and arguments', async () => {
    const { api } = await renderApp(
      { 'servers:list': () => ok([serverSummary({ name: 'filesystem' })]) },
      'settings',
    );
    expect(screen.queryByRole('alertdialog')).toBeNull();
    emit(
      api,
      'consent:requested',
      consentRequest({ id: 'r1', arguments: { path: '/tmp/notes.txt' } }),
    );
    const dialog = screen.getByRole('alertdialog', { name: /Allow write_file on filesystem/ });
    expect(within(dialog).getByText('cursor')).toBeTruthy();
    expect(within(dialog).getByText('destructive')).toBeTruthy();
    expect(within(dialog).getByLabelText('Arguments of the call').textContent).toContain(
      '"path": "/tmp/notes.txt"',
    );
    expect(document.activeElement).toBe(dialog);
    // Keys are documented in the prompt itself.
    expect(within(dialog).getByText(/Answer with/, { selector: '#consent-help' })).toBeTruthy();
  });

  it('counts down to expiresAt', async () => {
    const { api } = await renderApp();
    const now = Date.now();
    emit(
      api,
      'consent:requested',
      consentRequest({ id: 'r1', requestedAt: now, expiresAt: now + 45_000 }),
    );
    act(() => vi.advanceTimersByTime(300));
    expect(screen.getByText('0:45')).toBeTruthy();
    act(() => vi.advanceTimersByTime(10_000));
    expect(screen.getByText('0:35')).toBeTruthy();
    act(() => vi.advanceTimersByTime(36_000));
    expect(screen.getByText(/Expired/)).toBeTruthy();
    for (const button of within(screen.getByRole('group', { name: 'Your answer' })).getAllByRole(
      'button',
    ))
      expect((button as HTMLButtonElement).disabled).toBe(true);
  });

  it('queues several requests, answers with the keyboard, and closes when none is left', async () => {
    const user = setup();
    const { api } = await renderApp();
    const now = Date.now();
    emit(
      api,
      'consent:requested',
      consentRequest({ id: 'r1', tool: 'write_file', requestedAt: now }),
    );
    emit(
      api,
      'consent:requested',
      consentRequest({ id: 'r2', tool: 'delete_file', requestedAt: now + 1 }),
    );
    emit(
      api,
      'consent:requested',
      consentRequest({ id: 'r3', tool: 'move_file', requestedAt: now + 2 }),
    );
    const queue = screen.getByRole('navigation', { name: '3 pending requests' });
    expect(
      within(queue)
        .getAllByRole('button')
        .map((item) => item.textContent),
    ).toEqual([
      expect.stringContaining('write_file'),
      expect.stringContaining('delete_file'),
      expect.stringContaining('move_file'),
    ]);

    await user.keyboard('1');
    expect(api.callsOf('consent:answer')).toEqual([{ id: 'r1', answer: 'allow-once' }]);
    expect(screen.getByRole('alertdialog', { name: /delete_file/ })).toBeTruthy();

    await user.keyboard('j'); // next in the queue: move_file
    await user.keyboard('d');
    expect(api.callsOf('consent:answer').at(-1)).toEqual({ id: 'r3', answer: 'deny' });

    await user.keyboard('3');
    expect(api.callsOf('consent:answer').at(-1)).toEqual({ id: 'r2', answer: 'allow-always' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('answers with a click and drops requests resolved elsewhere', async () => {
    const user = setup();
    const { api } = await renderApp();
    emit(api, 'consent:requested', consentRequest({ id: 'r1' }));
    emit(
      api,
      'consent:requested',
      consentRequest({ id: 'r2', tool: 'other_tool', requestedAt: Date.now() + 5 }),
    );
    emit(api, 'consent:resolved', {
      requestId: 'r1',
      allowed: false,
      reason: 'timeout',
      decidedBy: 'switchboard',
    });
    expect(screen.getByRole('alertdialog', { name: /other_tool/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Allow for session/ }));
    expect(api.callsOf('consent:answer')).toEqual([{ id: 'r2', answer: 'allow-session' }]);
  });

  it('can be put aside with Escape and brought back, keeping focus inside while open', async () => {
    const user = setup();
    const { api } = await renderApp();
    emit(api, 'consent:requested', consentRequest({ id: 'r1' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: /1 request waiting/ }));
    const dialog = screen.getByRole('alertdialog');
    for (let index = 0; index < 12; index += 1) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });
});
