/**
 * The call log as a virtualised grid: only the rows in view (plus a few) exist in the DOM, so
 * tens of thousands stay smooth. Newest first; rows arriving live keep the view still when
 * scrolled down; scrolling near the end loads older pages.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useCallLog } from '../../../app/stores-context.tsx';
import { formatClock, formatDateTime, formatMs } from '../../../ui/format.ts';
import type { BadgeTone } from '../../../ui/status-badge.tsx';
import { StatusBadge } from '../../../ui/status-badge.tsx';
import { STATUS_LABELS, type CallLogEntry, type CallStatus } from '../lib/log-types.ts';

export const ROW_HEIGHT = 36;

export const STATUS_TONES: Record<CallStatus, BadgeTone> = {
  ok: 'ok',
  error: 'bad',
  denied: 'warn',
  'rate-limited': 'warn',
  cancelled: 'idle',
  timeout: 'bad',
};

const COLUMNS = ['Time', 'Client', 'Server', 'Tool', 'Status', 'Duration'] as const;

function rowId(entry: CallLogEntry): string {
  return `log-row-${entry.id}`;
}

function Row({
  entry,
  index,
  selected,
  start,
  onSelect,
}: {
  entry: CallLogEntry;
  index: number;
  selected: boolean;
  start: number;
  onSelect: () => void;
}) {
  return (
    <div
      role="row"
      id={rowId(entry)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`log-row${selected ? ' is-selected' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      onClick={onSelect}
    >
      <span role="gridcell" className="cell-time" title={formatDateTime(entry.time)}>
        {formatClock(entry.time)}
      </span>
      <span role="gridcell" className="truncate" title={entry.clientName}>
        {entry.clientName}
      </span>
      <span role="gridcell" className="truncate" title={entry.server}>
        {entry.server}
      </span>
      <span
        role="gridcell"
        className="truncate cell-tool"
        title={entry.kind === 'consent' ? `consent · ${entry.name}` : entry.name}
      >
        {entry.kind === 'consent' ? <em className="muted">consent · </em> : null}
        {entry.name}
      </span>
      <span role="gridcell">
        <StatusBadge tone={STATUS_TONES[entry.status]}>{STATUS_LABELS[entry.status]}</StatusBadge>
      </span>
      <span role="gridcell" className="cell-num">
        {formatMs(entry.durationMs)}
      </span>
    </div>
  );
}

export function LogTable() {
  const entries = useCallLog((state) => state.entries);
  const selectedId = useCallLog((state) => state.selectedId);
  const nextCursor = useCallLog((state) => state.nextCursor);
  const loadingMore = useCallLog((state) => state.loadingMore);
  const select = useCallLog((state) => state.select);
  const loadMore = useCallLog((state) => state.loadMore);
  const scroller = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => entries[index]?.id ?? index,
    initialRect: { width: 900, height: 480 },
  });
  const items = virtualizer.getVirtualItems();

  // Rows prepended live push the rest down: when the person is scrolled away from the top,
  // move the scroll position by as much so what they are reading stays put.
  const previousTop = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const top = previousTop.current;
    previousTop.current = entries[0]?.id;
    const element = scroller.current;
    if (!element || !top || element.scrollTop === 0) return;
    const added = entries.findIndex((entry) => entry.id === top);
    if (added > 0) element.scrollTop += added * ROW_HEIGHT;
  }, [entries]);

  const last = items[items.length - 1];
  useEffect(() => {
    if (last && nextCursor && !loadingMore && last.index >= entries.length - 30) void loadMore();
  }, [last, nextCursor, loadingMore, entries.length, loadMore]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (entries.length === 0) return;
    const index = Math.max(
      0,
      entries.findIndex((entry) => entry.id === selectedId),
    );
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 360) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + (selectedId ? 1 : 0),
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: entries.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) {
      if (event.key === 'Escape' && selectedId) select(undefined);
      return;
    }
    event.preventDefault();
    const next = Math.min(entries.length - 1, Math.max(0, target));
    select(entries[next]?.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const selected = entries.find((entry) => entry.id === selectedId);
  return (
    <div
      className="log-table"
      role="grid"
      aria-label="Calls, newest first"
      aria-rowcount={entries.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={selected ? rowId(selected) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className="log-row log-head">
        {COLUMNS.map((column) => (
          <span
            role="columnheader"
            key={column}
            className={column === 'Duration' ? 'cell-num' : undefined}
          >
            {column}
          </span>
        ))}
      </div>
      <div className="log-scroll" ref={scroller} data-testid="log-scroll">
        <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = entries[item.index];
            if (!entry) return null;
            return (
              <Row
                key={item.key}
                entry={entry}
                index={item.index}
                start={item.start}
                selected={entry.id === selectedId}
                onSelect={() => select(entry.id)}
              />
            );
          })}
        </div>
        {loadingMore ? <p className="log-more muted">Loading older calls…</p> : null}
      </div>
    </div>
  );
}
