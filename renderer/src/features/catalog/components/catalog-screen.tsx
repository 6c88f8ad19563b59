/**
 * Adding servers: browse the catalog (what each server needs), import an existing config, or
 * add one by hand; what was just added is followed live while it starts; the installed ones
 * are listed.
 */
import { useApp, useCatalog, useServers } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { StatusBadge } from '../../../ui/status-badge.tsx';
import { plural } from '../../../ui/format.ts';
import { useNow } from '../../../ui/use-now.ts';
import { STATE_LABELS, STATE_TONES, statusDetail } from '../../servers/lib/server-status.ts';
import type { ServerSummary } from '../../servers/lib/server-types.ts';
import { AddServerFormCard } from './add-server-form.tsx';
import { CatalogSearch } from './catalog-search.tsx';
import { ImportConfig } from './import-config.tsx';
import { InstallBundle } from './install-bundle.tsx';
import { InstallPanel } from './install-form.tsx';
import { InstalledActions } from './installed-actions.tsx';

function ServerLine({
  server,
  now,
  onOpen,
  manage,
}: {
  server: ServerSummary;
  now: number;
  onOpen: () => void;
  manage?: boolean;
}) {
  const state = server.status.state;
  return (
    <li className="installed-row">
      <span className="installed-name">{server.name}</span>
      <StatusBadge tone={STATE_TONES[state]} pulse={state === 'starting' || state === 'backoff'}>
        {STATE_LABELS[state]}
      </StatusBadge>
      <span className="muted truncate">
        {state === 'running' ? plural(server.toolCount, 'tool') : statusDetail(server.status, now)}
      </span>
      {manage ? <InstalledActions name={server.name} /> : null}
      <button
        type="button"
        className="button button-ghost button-sm"
        onClick={onOpen}
        aria-label={`Open ${server.name}`}
      >
        Open
        <Icon name="chevron" size={14} />
      </button>
    </li>
  );
}

/** Servers with their state; "Open" shows one on the Servers screen. */
function ServerLines({
  servers,
  now,
  manage,
}: {
  servers: ServerSummary[];
  now: number;
  manage?: boolean;
}) {
  const select = useServers((state) => state.select);
  const navigate = useApp((state) => state.navigate);
  return (
    <ul className="installed-rows">
      {servers.map((server) => (
        <ServerLine
          key={server.name}
          server={server}
          now={now}
          manage={manage}
          onOpen={() => {
            select(server.name);
            navigate('servers');
          }}
        />
      ))}
    </ul>
  );
}

function JustAdded() {
  const recent = useCatalog((state) => state.recent);
  const servers = useServers((state) => state.servers);
  const now = useNow(1000);
  const rows = recent.flatMap((name) => servers.filter((server) => server.name === name));
  if (recent.length === 0) return null;
  return (
    <section className="card card-highlight" aria-labelledby="recent-title" aria-live="polite">
      <h2 id="recent-title" className="card-title">
        Just added
      </h2>
      {rows.length === 0 ? (
        <p className="muted">Waiting for the gateway to report {recent.join(', ')}…</p>
      ) : (
        <ServerLines servers={rows} now={now} />
      )}
    </section>
  );
}

function Installed() {
  const servers = useServers((state) => state.servers);
  const now = useNow(5000);
  return (
    <section className="card" aria-labelledby="installed-title">
      <h2 id="installed-title" className="card-title">
        Installed <span className="count">{servers.length}</span>
      </h2>
      {servers.length === 0 ? (
        <p className="muted">Nothing installed yet. Servers you add or import show up here.</p>
      ) : (
        <ServerLines servers={servers} now={now} manage />
      )}
    </section>
  );
}

export function CatalogScreen() {
  return (
    <div className="columns">
      <div className="column-main">
        <InstallPanel />
        <JustAdded />
        <CatalogSearch />
        <AddServerFormCard />
      </div>
      <div className="column-side">
        <ImportConfig />
        <InstallBundle />
        <Installed />
      </div>
    </div>
  );
}
