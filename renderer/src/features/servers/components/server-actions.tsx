/** Start, stop and restart, offered according to the server's state. */
import { useServers } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import type { ServerSummary } from '../lib/server-types.ts';

export function ServerActions({ server }: { server: ServerSummary }) {
  const busy = useServers((state) => state.busy[server.name]);
  const run = useServers((state) => state.run);
  const state = server.status.state;
  const canStart = state === 'stopped' || state === 'failed';
  const canStop = !canStart;
  // A failed server is not running: starting it is the one thing to offer.
  const canRestart = state === 'running' || state === 'backoff';
  return (
    <div
      className="button-row"
      role="group"
      aria-label={`Control ${server.name}`}
      aria-busy={busy !== undefined}
    >
      {canStart ? (
        <button
          type="button"
          className="button button-primary"
          disabled={busy !== undefined}
          onClick={() => void run(server.name, 'start')}
        >
          <Icon name="play" size={14} />
          {busy === 'start' ? 'Starting…' : 'Start'}
        </button>
      ) : null}
      {canRestart ? (
        <button
          type="button"
          className="button"
          disabled={busy !== undefined}
          onClick={() => void run(server.name, 'restart')}
        >
          <Icon name="restart" size={14} />
          {busy === 'restart' ? 'Restarting…' : state === 'backoff' ? 'Restart now' : 'Restart'}
        </button>
      ) : null}
      {canStop ? (
        <button
          type="button"
          className="button"
          disabled={busy !== undefined}
          onClick={() => void run(server.name, 'stop')}
        >
          <Icon name="stop" size={14} />
          {busy === 'stop' ? 'Stopping…' : 'Stop'}
        </button>
      ) : null}
    </div>
  );
}
