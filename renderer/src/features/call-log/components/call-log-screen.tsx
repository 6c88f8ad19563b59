/** Call log: filters, two charts, the live virtualised table and the selected call's details. */
import { useApp, useCallLog } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { EmptyState } from '../../../ui/empty-state.tsx';
import { InlineError } from '../../../ui/inline-error.tsx';
import { plural } from '../../../ui/format.ts';
import { activeFilterCount } from '../lib/log-filters.ts';
import { ExportButtons } from './export-buttons.tsx';
import { LogCharts } from './log-charts.tsx';
import { LogDetail } from './log-detail.tsx';
import { LogFiltersBar } from './log-filters-bar.tsx';
import { LogTable } from './log-table.tsx';

function Summary() {
  const count = useCallLog((state) => state.entries.length);
  const more = useCallLog((state) => state.nextCursor !== undefined);
  const loading = useCallLog((state) => state.loading);
  return (
    <p className="muted" role="status" aria-live="polite">
      {loading && count === 0
        ? 'Loading calls…'
        : `${plural(count, 'call')} loaded${more ? ', older ones load as you scroll' : ''}`}
    </p>
  );
}

function Body() {
  const count = useCallLog((state) => state.entries.length);
  const loading = useCallLog((state) => state.loading);
  const error = useCallLog((state) => state.error);
  const filtered = useCallLog((state) => activeFilterCount(state.filters) > 0);
  const reset = useCallLog((state) => state.resetFilters);
  const refresh = useCallLog((state) => state.refresh);
  const navigate = useApp((state) => state.navigate);

  if (error && count === 0) {
    return (
      <EmptyState
        icon="alert"
        title="Could not load the call log"
        action={
          <button type="button" className="button" onClick={() => void refresh()}>
            Try again
          </button>
        }
      >
        <InlineError message={describeError(error)} />
      </EmptyState>
    );
  }
  if (count === 0 && !loading) {
    return filtered ? (
      <EmptyState
        icon="search"
        title="No calls match these filters"
        action={
          <button type="button" className="button" onClick={() => void reset()}>
            Clear filters
          </button>
        }
      />
    ) : (
      <EmptyState
        icon="log"
        title="No calls yet"
        action={
          <button
            type="button"
            className="button button-primary"
            onClick={() => navigate('clients')}
          >
            Connect a client
          </button>
        }
      >
        <p>
          Every tool call, prompt and resource read that goes through Switchboard shows up here
          live, with its arguments (secrets redacted), timing and consent decision.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="log-layout">
      <LogTable />
      <LogDetail />
    </div>
  );
}

export function CallLogScreen() {
  // Charts of nothing are noise: they appear with the first call (or while filtering).
  const showCharts = useCallLog(
    (state) => state.entries.length > 0 || activeFilterCount(state.filters) > 0,
  );
  return (
    <div className="call-log">
      <div className="section-bar">
        <Summary />
        <ExportButtons />
      </div>
      <LogFiltersBar />
      {showCharts ? <LogCharts /> : null}
      <Body />
    </div>
  );
}
