/** The servers, each with its live state, uptime, restarts and tool count. */
import { useServers } from '../../../app/stores-context.tsx';
import { StatusBadge } from '../../../ui/status-badge.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { plural } from '../../../ui/format.ts';
import { STATE_LABELS, STATE_TONES, statusDetail } from '../lib/server-status.ts';
import type { ServerSummary } from '../lib/server-types.ts';

function ServerRow({
  server,
  selected,
  now,
  onSelect,
}: {
  server: ServerSummary;
  selected: boolean;
  now: number;
  onSelect: () => void;
}) {
  const state = server.status.state;
  return (
    <li>
      <button
        type="button"
        className="server-row"
        aria-current={selected ? 'true' : undefined}
        onClick={onSelect}
        data-server={server.name}
      >
        <span className="server-row-top">
          <span className="server-row-name">{server.name}</span>
          <StatusBadge
            tone={STATE_TONES[state]}
            pulse={state === 'starting' || state === 'backoff'}
          >
            {STATE_LABELS[state]}
          </StatusBadge>
        </span>
        <span className="server-row-meta">
          <span className="truncate">{statusDetail(server.status, now)}</span>
        </span>
        <span className="server-row-meta">
          <span>{plural(server.toolCount, 'tool')}</span>
          <span aria-hidden="true">·</span>
          <span>{plural(server.restarts, 'restart')}</span>
          <span aria-hidden="true">·</span>
          <span>{server.transport}</span>
        </span>
      </button>
    </li>
  );
}

export function ServerList() {
  const servers = useServers((state) => state.servers);
  const selected = useServers((state) => state.selected);
  const select = useServers((state) => state.select);
  const now = useNow(1000);
  return (
    <section className="panel server-list" aria-label="Servers">
      <ul className="server-rows">
        {servers.map((server) => (
          <ServerRow
            key={server.name}
            server={server}
            selected={server.name === selected}
            now={now}
            onSelect={() => select(server.name)}
          />
        ))}
      </ul>
    </section>
  );
}
