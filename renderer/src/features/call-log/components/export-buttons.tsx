/**
 * Export as JSON Lines or CSV. In a browser: download links to the gateway, which streams every
 * call matching the current filters. In the desktop app (no HTTP to the gateway): the calls
 * loaded here, built on this side, and the screen says so.
 */
import type { MouseEvent } from 'react';
import { useApp, useCallLog, useStores } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { downloadText } from '../../../ui/download.ts';
import { plural } from '../../../ui/format.ts';
import { exportFileName, exportHref, formatEntries, type ExportFormat } from '../lib/log-export.ts';
import { activeFilterCount } from '../lib/log-filters.ts';

const FORMATS = ['jsonl', 'csv'] as const satisfies readonly ExportFormat[];
const TYPES: Record<ExportFormat, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv' };

/** Links to the gateway's export; the time range is worked out again at the moment of the click. */
function ExportLinks() {
  const filters = useCallLog((state) => state.filters);
  const filtered = activeFilterCount(filters) > 0;
  const refresh = (event: MouseEvent<HTMLAnchorElement>, format: ExportFormat) => {
    event.currentTarget.href = exportHref(filters, format, Date.now());
  };
  const what = filtered ? 'all calls matching the filters' : 'all calls';
  return (
    <div className="button-row" role="group" aria-label="Export calls">
      <span className="muted export-note">Export {what}:</span>
      {FORMATS.map((format) => (
        <a
          key={format}
          className="button button-sm"
          href={exportHref(filters, format, Date.now())}
          download
          onClick={(event) => refresh(event, format)}
          aria-label={`Export ${what} as ${format.toUpperCase()}`}
        >
          <Icon name="download" size={14} />
          {format.toUpperCase()}
        </a>
      ))}
    </div>
  );
}

/** The desktop app: the loaded rows only, built here (no inline script, no extra request). */
function ExportLoaded() {
  const stores = useStores();
  const count = useCallLog((state) => state.entries.length);
  const more = useCallLog((state) => state.nextCursor !== undefined);
  const run = (format: ExportFormat) => {
    const entries = stores.callLog.getState().entries;
    downloadText(formatEntries(entries, format), exportFileName(format, Date.now()), TYPES[format]);
  };
  return (
    <div className="button-row" role="group" aria-label="Export loaded calls">
      <span className="muted export-note">
        {more
          ? `Exports the ${plural(count, 'loaded call')} only: scroll to load more, or run “switchboard log export” for all.`
          : `Exports the ${plural(count, 'loaded call')}.`}
      </span>
      {FORMATS.map((format) => (
        <button
          key={format}
          type="button"
          className="button button-sm"
          disabled={count === 0}
          onClick={() => run(format)}
          aria-label={`Export ${count} loaded calls as ${format.toUpperCase()}`}
        >
          <Icon name="download" size={14} />
          {format.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

export function ExportButtons() {
  const carrier = useApp((state) => state.carrier);
  return carrier === 'http' ? <ExportLinks /> : <ExportLoaded />;
}
