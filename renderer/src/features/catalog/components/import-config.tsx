/** Import every server of an existing `mcpServers` file (Claude Desktop, Cursor, …). */
import { useId, useState, type FormEvent } from 'react';
import { useCatalog, useSettings } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import { plural } from '../../../ui/format.ts';
import { knownConfigFiles } from '../lib/known-configs.ts';

export function ImportConfig() {
  const inputId = useId();
  const hintId = useId();
  const [file, setFile] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const importFile = useCatalog((state) => state.importFile);
  const lastImport = useCatalog((state) => state.lastImport);
  const dataDir = useSettings((state) => state.settings?.dataDir);
  const suggestions = knownConfigFiles(dataDir);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file.trim()) {
      setError('Enter the full path of a config file.');
      return;
    }
    setBusy(true);
    const result = await importFile(file.trim());
    setBusy(false);
    setError(result.ok ? undefined : describeError(result.error));
  };

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title" className="card-title">
        Import from a config file
      </h2>
      <p className="muted">
        Already use MCP servers in another app? Switchboard reads its <code>mcpServers</code> file
        and adds every server it does not have yet. The file itself is not changed.
      </p>
      <form className="field-row" onSubmit={(event) => void submit(event)}>
        <div className="field field-grow">
          <label htmlFor={inputId}>Config file path</label>
          <input
            id={inputId}
            className="input input-mono"
            value={file}
            placeholder="/home/you/.config/Claude/claude_desktop_config.json"
            onChange={(event) => setFile(event.target.value)}
            aria-describedby={hintId}
            spellCheck={false}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      <div id={hintId} className="hint-row">
        {suggestions.length > 0 ? (
          <>
            <span className="muted">Common locations:</span>
            {suggestions.map((item) => (
              <button
                key={item.path}
                type="button"
                className="chip"
                onClick={() => setFile(item.path)}
                title={item.path}
              >
                {item.label}
              </button>
            ))}
          </>
        ) : (
          <span className="muted">Use the full path; “~” is not expanded.</span>
        )}
      </div>
      <InlineError message={error} />
      {lastImport && !error ? (
        <p className="result-note" role="status">
          {lastImport.added.length > 0
            ? `Added ${plural(lastImport.added.length, 'server')}: ${lastImport.added.join(', ')}.`
            : 'No new servers in that file.'}
          {lastImport.skipped.length > 0
            ? ` Skipped ${lastImport.skipped.join(', ')} (already configured).`
            : ''}
        </p>
      ) : null}
    </section>
  );
}
