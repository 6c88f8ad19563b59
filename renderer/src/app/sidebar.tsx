/** The left navigation: one button per screen, the current one marked for screen readers. */
import { useShallow } from 'zustand/react/shallow';
import { Icon, type IconName } from '../ui/icons.tsx';
import type { Screen } from './app-store.ts';
import { SCREENS } from './app-store.ts';
import { useApp, useConsent, useServers } from './stores-context.tsx';

export const SCREEN_INFO: Record<Screen, { title: string; icon: IconName; blurb: string }> = {
  servers: {
    title: 'Servers',
    icon: 'servers',
    blurb: 'Status, tools and settings of each MCP server',
  },
  catalog: {
    title: 'Add servers',
    icon: 'catalog',
    blurb: 'Find a server in the catalog, add one by hand or import your config',
  },
  clients: {
    title: 'Clients',
    icon: 'clients',
    blurb: 'Apps that connect to Switchboard, and their tokens',
  },
  'call-log': {
    title: 'Call log',
    icon: 'log',
    blurb: 'Every tool call that went through the gateway',
  },
  settings: {
    title: 'Settings',
    icon: 'settings',
    blurb: 'Gateway defaults, consent and log retention',
  },
};

export function Sidebar() {
  const screen = useApp((state) => state.screen);
  const navigate = useApp((state) => state.navigate);
  const problems = useServers(
    useShallow(
      (state) =>
        state.servers.filter(
          (server) => server.status.state === 'failed' || server.status.state === 'backoff',
        ).length,
    ),
  );
  const pending = useConsent((state) => state.pending.length);
  const restore = useConsent((state) => state.restore);

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="logo" size={18} />
        </span>
        <span className="brand-name">Switchboard</span>
      </div>
      <ul className="nav-list">
        {SCREENS.map((item) => (
          <li key={item}>
            <button
              type="button"
              className="nav-item"
              aria-current={screen === item ? 'page' : undefined}
              onClick={() => navigate(item)}
            >
              <Icon name={SCREEN_INFO[item].icon} />
              <span>{SCREEN_INFO[item].title}</span>
              {item === 'servers' && problems > 0 ? (
                <span className="nav-count nav-count-bad" aria-label={`${problems} with problems`}>
                  {problems}
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        {pending > 0 ? (
          <button type="button" className="consent-chip" onClick={restore}>
            <Icon name="shield" size={14} />
            <span>{pending} waiting for your answer</span>
          </button>
        ) : (
          <p className="sidebar-note">
            <Icon name="shield" size={14} />
            <span>Calls that need your consent will appear here.</span>
          </p>
        )}
      </div>
    </nav>
  );
}
