/** Servers: the live list on the left, the selected server's details on the right. */
import { useApp, useServers } from '../../../app/stores-context.tsx';
import { EmptyState } from '../../../ui/empty-state.tsx';
import { InlineError } from '../../../ui/inline-error.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { ServerDetail } from './server-detail.tsx';
import { ServerList } from './server-list.tsx';

export function ServersScreen() {
  const loaded = useServers((state) => state.loaded);
  const count = useServers((state) => state.servers.length);
  const loadError = useServers((state) => state.loadError);
  const reload = useServers((state) => state.load);
  const navigate = useApp((state) => state.navigate);

  if (!loaded) return <p className="loading">Loading servers…</p>;
  if (count === 0 && loadError) {
    return (
      <EmptyState
        icon="alert"
        title="Could not load the servers"
        action={
          <button type="button" className="button" onClick={() => void reload()}>
            Try again
          </button>
        }
      >
        <InlineError message={describeError(loadError)} />
      </EmptyState>
    );
  }
  if (count === 0) {
    return (
      <EmptyState
        icon="servers"
        title="No servers yet"
        action={
          <button
            type="button"
            className="button button-primary"
            onClick={() => navigate('catalog')}
          >
            Add your first server
          </button>
        }
      >
        <p>
          Switchboard runs your MCP servers and puts them all behind one endpoint. Add a server, or
          import the ones you already use from Claude Desktop's config.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="split">
      <ServerList />
      <ServerDetail />
    </div>
  );
}
