/** Export of the loaded rows as JSON Lines or CSV, built here (no inline script, no extra request). */
import { useCallLog, useStores } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import {
  downloadText,
  exportFileName,
  formatEntries,
  type ExportFormat,
} from '../lib/log-export.ts';

const TYPES: Record<ExportFormat, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv' };

export function ExportButtons() {
  const stores = useStores();
  const count = useCallLog((state) => state.entries.length);
  const run = (format: ExportFormat) => {
    const entries = stores.callLog.getState().entries;
    downloadText(formatEntries(entries, format), exportFileName(format, Date.now()), TYPES[format]);
  };
  return (
    <div className="button-row" role="group" aria-label="Export loaded calls">
      {(['jsonl', 'csv'] as const).map((format) => (
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
