import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../../api/engine-api.ts';
import { logEntry, logId, serverSummary } from '../../../test-support/fixtures.ts';
import { emit, renderApp, settle } from '../../../test-support/render-app.tsx';
import type { CallLogEntry } from '../lib/log-types.ts';

const VIEW_HEIGHT = 720;
const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');

// jsdom has no layout: give the scroll container a height so the virtualiser has a window.
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('log-scroll') ? VIEW_HEIGHT : 0;
    },
  });
});
afterEach(() => {
  if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
});

function many(count: number): CallLogEntry[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, index) =>
    logEntry({
      id: logId(count - index),
      time: now - index * 1000,
      name: `tool_${count - index}`,
      server: index % 3 ? 'memory' : 'github',
    }),
  );
}

function rows() {
  return screen.getAllByRole('row').filter((row) => row.getAttribute('aria-rowindex') !== '1');
}

describe('call log screen', () => {
  it('renders only a window of 10,000 rows, and the next window after scrolling', async () => {
    const all = many(10_000);
    await renderApp({ 'log:query': () => ok({ entries: all }) }, 'call-log');
    const grid = screen.getByRole('grid', { name: /Calls/ });
    expect(grid.getAttribute('aria-rowcount')).toBe('10001');
    const visible = rows();
    expect(visible.length).toBeGreaterThan(10);
    expect(visible.length).toBeLessThan(60);
    expect(within(visible[0]!).getByText('tool_10000')).toBeTruthy();

    const scroller = screen.getByTestId('log-scroll');
    scroller.scrollTop = 5000 * 36;
    fireEvent.scroll(scroller);
    await settle();
    const names = rows().map((row) => row.textContent ?? '');
    expect(names.some((text) => text.includes('tool_5000'))).toBe(true);
    expect(names.some((text) => text.includes('tool_10000'))).toBe(false);
    expect(rows().length).toBeLessThan(60);
  });

  it('queries again with each filter', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp(
      {
        'servers:list': () =>
          ok([serverSummary({ name: 'memory' }), serverSummary({ name: 'github' })]),
        'log:query': () => ok({ entries: many(5) }),
      },
      'call-log',
    );
    await user.selectOptions(screen.getByLabelText('Server'), 'github');
    await user.selectOptions(screen.getByLabelText('Status'), 'error');
    await user.selectOptions(screen.getByLabelText('Time'), '1h');
    await user.type(screen.getByLabelText(/Search/), 'notes');
    await user.type(screen.getByLabelText('Tool'), 'read_file');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle();
    const last = api.callsOf('log:query').at(-1);
    expect(last).toMatchObject({
      server: 'github',
      status: 'error',
      text: 'notes',
      tool: 'read_file',
    });
    expect(typeof last?.since).toBe('number');
    await user.click(screen.getByRole('button', { name: /Clear 5 filters/ }));
    expect(api.callsOf('log:query').at(-1)).toEqual({ limit: 200 });
  });

  it('adds live calls at the top and shows the details of a selected call', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp({ 'log:query': () => ok({ entries: many(3) }) }, 'call-log');
    emit(
      api,
      'log:appended',
      logEntry({
        id: logId(99),
        name: 'write_file',
        server: 'filesystem',
        status: 'denied',
        arguments: { path: '/etc/hosts', token: '[redacted]' },
        consent: { decision: 'deny', answer: 'deny', decidedBy: 'user' },
        durationMs: 1840,
      }),
    );
    const first = rows()[0]!;
    expect(first.textContent).toContain('write_file');
    expect(first.textContent).toContain('Denied');
    await user.click(first);
    const detail = screen.getByRole('complementary', { name: 'write_file' });
    expect(within(detail).getByText(/"path": "\/etc\/hosts"/)).toBeTruthy();
    expect(within(detail).getByText('1.8 s')).toBeTruthy();
    expect(within(detail).getByText(/by user/)).toBeTruthy();
    expect(within(detail).queryByText('From cache')).toBeNull();
  });

  it('says when a call was answered from the result cache', async () => {
    const user = userEvent.setup();
    const { api } = await renderApp({ 'log:query': () => ok({ entries: [] }) }, 'call-log');
    emit(api, 'log:appended', logEntry({ id: logId(7), name: 'get_issue', cached: true }));
    await user.click(rows()[0]!);
    const detail = screen.getByRole('complementary', { name: 'get_issue' });
    expect(within(detail).getByText('From cache')).toBeTruthy();
  });

  it('moves through calls with the arrow keys', async () => {
    const user = userEvent.setup();
    const { stores } = await renderApp(
      { 'log:query': () => ok({ entries: many(20) }) },
      'call-log',
    );
    screen.getByRole('grid', { name: /Calls/ }).focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(stores.callLog.getState().selectedId).toBe(logId(19));
  });

  it('explains an empty log to a new user', async () => {
    await renderApp({}, 'call-log');
    expect(screen.getByText('No calls yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Connect a client' })).toBeTruthy();
  });
});
