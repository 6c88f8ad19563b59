/**
 * "Your AI apps": each app's own config file, found where that app keeps it on this OS. Connect
 * writes Switchboard into it (the token goes into the file, never onto this page), Undo puts
 * the file back as it was, and Import brings the servers it already has into Switchboard.
 */
import { useEffect, useState } from 'react';
import { useClientConfigs, useProfiles, useStores } from '../../../app/stores-context.tsx';
import { downloadText } from '../../../ui/download.ts';
import { Icon } from '../../../ui/icons.tsx';
import { plural } from '../../../ui/format.ts';
import { StatusBadge, type BadgeTone } from '../../../ui/status-badge.tsx';
import type { ClientConfigView } from '../store/client-configs-store.ts';
import { ImportPanel } from './import-panel.tsx';

function stateOf(view: ClientConfigView): { tone: BadgeTone; label: string } {
  if (view.error) return { tone: 'bad', label: 'Cannot read its config' };
  if (view.connected) return { tone: 'ok', label: 'Connected' };
  if (!view.found) return { tone: 'idle', label: 'No config file yet' };
  return { tone: 'warn', label: 'Not connected' };
}

function AppRow({ view, profile }: { view: ClientConfigView; profile: string }) {
  const [importing, setImporting] = useState(false);
  const busy = useClientConfigs((state) => state.busy.includes(view.client));
  const note = useClientConfigs((state) =>
    state.note?.client === view.client ? state.note : undefined,
  );
  const connect = useClientConfigs((state) => state.connect);
  const undo = useClientConfigs((state) => state.undo);
  const state = stateOf(view);
  const fresh = view.servers.filter((server) => server.state === 'new').length;
  return (
    <li className="client-row" data-app={view.client}>
      <div className="client-line">
        <div className="client-name">
          <strong>{view.label}</strong>
          <span className="muted mono">{view.file}</span>
        </div>
        <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        <div className="button-row">
          {fresh > 0 ? (
            <button
              type="button"
              className="button button-ghost button-sm"
              aria-expanded={importing}
              onClick={() => setImporting(!importing)}
            >
              Import {plural(fresh, 'server')}…
            </button>
          ) : null}
          <button
            type="button"
            className="button button-sm"
            disabled={busy || Boolean(view.error)}
            onClick={() => void connect(view.client, profile)}
            aria-label={`${view.canUndo ? 'Reconnect' : 'Connect'} ${view.label}`}
          >
            {busy ? 'Working…' : view.canUndo ? 'Reconnect' : 'Connect'}
          </button>
          {view.canUndo ? (
            <button
              type="button"
              className="button button-ghost button-sm"
              disabled={busy}
              onClick={() => void undo(view.client)}
              aria-label={`Undo connecting ${view.label}`}
            >
              Undo
            </button>
          ) : null}
        </div>
      </div>
      {view.error ? <p className="field-error">{view.error}</p> : null}
      {importing ? <ImportPanel view={view} onDone={() => setImporting(false)} /> : null}
      {note ? (
        <p className={note.tone === 'ok' ? 'field-hint' : 'field-error'} role="status">
          {note.text}
        </p>
      ) : null}
    </li>
  );
}

export function ClientApps() {
  const stores = useStores();
  const views = useClientConfigs((state) => state.views);
  const loaded = useClientConfigs((state) => state.loaded);
  const names = useProfiles((state) => state.names);
  const [profile, setProfile] = useState('default');
  useEffect(() => void stores.clientConfigs.getState().load(), [stores]);
  const exportServers = async () => {
    const result = await stores.clientConfigs.getState().exportServers();
    if (result)
      downloadText(
        `${JSON.stringify(result.document, null, 2)}\n`,
        'switchboard-servers.json',
        'application/json',
      );
  };
  return (
    <section className="card" aria-labelledby="apps-title">
      <h2 id="apps-title" className="card-title">
        Your AI apps
      </h2>
      <p className="muted">
        Connect writes Switchboard into the app’s own config file with a fresh token, keeping
        everything else in it, and saves a copy first. Undo puts the file back exactly as it was.
      </p>
      <div className="button-row">
        <label className="inline-field">
          Connect with profile{' '}
          <select
            className="select"
            value={profile}
            onChange={(event) => setProfile(event.target.value)}
          >
            {(names.length > 0 ? names : ['default']).map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-ghost button-sm"
          onClick={() => void exportServers()}
        >
          <Icon name="download" size={14} /> Export servers (mcpServers)
        </button>
      </div>
      {!loaded ? (
        <p className="muted">Looking for config files…</p>
      ) : (
        <ul className="client-rows">
          {views.map((view) => (
            <AppRow key={view.client} view={view} profile={profile} />
          ))}
        </ul>
      )}
    </section>
  );
}
