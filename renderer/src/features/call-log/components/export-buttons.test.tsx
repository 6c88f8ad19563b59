import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../../api/engine-api.ts';
import { logEntry } from '../../../test-support/fixtures.ts';
import { renderApp } from '../../../test-support/render-app.tsx';

const loaded = { 'log:query': () => ok({ entries: [logEntry(), logEntry()], nextCursor: 'more' }) };

function paramsOf(link: HTMLElement): URLSearchParams {
  const url = new URL(link.getAttribute('href')!, 'http://127.0.0.1:4777');
  expect(url.pathname).toBe('/api/log/export');
  return url.searchParams;
}

describe('call log export', () => {
  it('in a browser, links to the gateway export of every call matching the filters', async () => {
    const { stores } = await renderApp(loaded, 'call-log');
    const group = screen.getByRole('group', { name: 'Export calls' });
    const csv = within(group).getByRole('link', { name: 'Export all calls as CSV' });
    expect(csv.hasAttribute('download')).toBe(true);
    expect([...paramsOf(csv)]).toEqual([['format', 'csv']]);

    await act(() =>
      stores.callLog.getState().setFilters({ server: 'memory', status: 'error', range: '1h' }),
    );
    const jsonl = within(group).getByRole('link', {
      name: 'Export all calls matching the filters as JSONL',
    });
    const params = paramsOf(jsonl);
    expect(params.get('format')).toBe('jsonl');
    expect(params.get('server')).toBe('memory');
    expect(params.get('status')).toBe('error');
    const since = Number(params.get('since'));
    expect(Math.abs(Date.now() - 3_600_000 - since)).toBeLessThan(5_000);
    expect(params.has('limit')).toBe(false);
    expect(params.has('cursor')).toBe(false);
  });

  it('in the desktop app, exports the loaded calls on this side and says so', async () => {
    const user = userEvent.setup();
    const createObjectURL = vi.fn(() => 'blob:export');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await renderApp(loaded, 'call-log', { carrier: 'desktop' });
    const group = screen.getByRole('group', { name: 'Export loaded calls' });
    expect(within(group).queryByRole('link')).toBeNull();
    expect(group.textContent).toContain('Exports the 2 loaded calls only');
    expect(group.textContent).toContain('switchboard log export');
    await user.click(within(group).getByRole('button', { name: 'Export 2 loaded calls as CSV' }));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });
});
