/** The top bar: the screen's title and the gateway's health at a glance. */
import { useShallow } from 'zustand/react/shallow';
import { StatusBadge } from '../ui/status-badge.tsx';
import { SCREEN_INFO } from './sidebar.tsx';
import { useApp, useServers, useSettings } from './stores-context.tsx';

function GatewayStatus() {
  const { total, running, failing, loaded, unreachable } = useServers(
    useShallow((state) => ({
      total: state.servers.length,
      running: state.servers.filter((server) => server.status.state === 'running').length,
      failing: state.servers.filter(
        (server) => server.status.state === 'failed' || server.status.state === 'backoff',
      ).length,
      loaded: state.loaded,
      unreachable: state.loadError !== undefined && state.servers.length === 0,
    })),
  );
  const url = useSettings((state) => state.settings?.url);
  const live = useApp((state) => state.live);
  const liveProblem = useApp((state) => state.liveProblem);

  if (!loaded) return <StatusBadge tone="idle">Connecting…</StatusBadge>;
  if (unreachable) return <StatusBadge tone="bad">Gateway unreachable</StatusBadge>;
  if (live === 'reconnecting') {
    return (
      <div className="gateway-status" role="status" title={liveProblem}>
        <StatusBadge tone="warn" pulse>
          Live updates interrupted · reconnecting…
        </StatusBadge>
      </div>
    );
  }
  const tone = failing > 0 ? 'warn' : total === 0 ? 'idle' : running === total ? 'ok' : 'busy';
  const summary =
    total === 0
      ? 'no servers yet'
      : `${running} of ${total} server${total === 1 ? '' : 's'} running`;
  return (
    <div className="gateway-status" role="status" aria-live="polite">
      <StatusBadge tone={tone}>Gateway online · {summary}</StatusBadge>
      {url ? (
        <code className="gateway-url" title="Clients connect here">
          {url}/mcp
        </code>
      ) : null}
    </div>
  );
}

export function Header() {
  const screen = useApp((state) => state.screen);
  const info = SCREEN_INFO[screen];
  return (
    <header className="topbar">
      <div className="topbar-title">
        <h1 id="screen-title">{info.title}</h1>
        <p>{info.blurb}</p>
      </div>
      <GatewayStatus />
    </header>
  );
}
