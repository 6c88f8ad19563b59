/** The server's recent stderr: what it printed while starting or failing. */
import { useEffect } from 'react';
import { useServers } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import type { ServerSummary } from '../lib/server-types.ts';

export function ServerOutput({ server }: { server: ServerSummary }) {
  const loaded = useServers((state) => state.stderr[server.name]);
  const load = useServers((state) => state.loadStderr);
  useEffect(() => {
    void load(server.name);
  }, [load, server.name]);
  // The full tail once loaded; the summary's (live) tail until then.
  const lines = loaded ?? server.stderrTail;
  return (
    <div className="output">
      <div className="section-bar">
        <p className="muted">
          Standard error of the server process, newest last. Useful when it fails to start.
        </p>
        <button type="button" className="button button-sm" onClick={() => void load(server.name)}>
          <Icon name="restart" size={14} />
          Refresh
        </button>
      </div>
      {lines.length === 0 ? (
        <p className="muted output-empty">Nothing printed yet.</p>
      ) : (
        <pre
          className="code-block output-lines"
          tabIndex={0}
          aria-label={`Output of ${server.name}`}
        >
          {lines.join('\n')}
        </pre>
      )}
    </div>
  );
}
