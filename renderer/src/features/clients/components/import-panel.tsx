/**
 * Choosing which of an app's servers to import. New ones start ticked; the rest say why they
 * cannot be (already in Switchboard, disabled there, or invalid). Literal secrets are named by
 * key only, and moving them into the keychain is offered, ticked.
 */
import { useState } from 'react';
import { useClientConfigs } from '../../../app/stores-context.tsx';
import { plural } from '../../../ui/format.ts';
import type { ClientConfigView } from '../store/client-configs-store.ts';

const WHY: Record<string, string> = {
  configured: 'Switchboard has a server of that name',
  disabled: 'disabled in the app',
};

export function ImportPanel({ view, onDone }: { view: ClientConfigView; onDone: () => void }) {
  const importServers = useClientConfigs((state) => state.importServers);
  const busy = useClientConfigs((state) => state.busy.includes(view.client));
  const [chosen, setChosen] = useState(
    () => new Set(view.servers.filter((server) => server.state === 'new').map((s) => s.sourceName)),
  );
  const [moveSecrets, setMoveSecrets] = useState(true);
  const secrets = view.servers
    .filter((server) => chosen.has(server.sourceName))
    .flatMap((server) => server.literalSecrets.map((key) => `${server.name}: ${key}`));
  const toggle = (name: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  const submit = async () => {
    if (await importServers(view.client, [...chosen], moveSecrets)) onDone();
  };
  return (
    <div className="client-connect" role="group" aria-label={`Import from ${view.label}`}>
      <ul className="app-servers">
        {view.servers.map((server) => (
          <li key={server.sourceName}>
            <label>
              <input
                type="checkbox"
                disabled={server.state !== 'new'}
                checked={chosen.has(server.sourceName)}
                onChange={() => toggle(server.sourceName)}
              />{' '}
              <strong>{server.sourceName}</strong>{' '}
              <span className="muted">
                {server.transport === 'stdio' ? server.command : server.url}
                {server.state === 'new'
                  ? ''
                  : ` — ${server.problem ?? WHY[server.state] ?? server.state}`}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {secrets.length > 0 ? (
        <label className="field-hint">
          <input
            type="checkbox"
            checked={moveSecrets}
            onChange={(event) => setMoveSecrets(event.target.checked)}
          />{' '}
          Move {plural(secrets.length, 'secret')} ({secrets.join(', ')}) into the keychain; the
          server gets a reference instead of the value
        </label>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button button-primary button-sm"
          disabled={busy || chosen.size === 0}
          onClick={() => void submit()}
        >
          Import {plural(chosen.size, 'server')}
        </button>
        <button type="button" className="button button-ghost button-sm" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}
