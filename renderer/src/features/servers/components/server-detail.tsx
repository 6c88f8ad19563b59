/** One server: its state and actions, then its tools, settings and output in tabs. */
import { useState } from 'react';
import { useServers } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { StatusBadge, Tag } from '../../../ui/status-badge.tsx';
import { Tabs } from '../../../ui/tabs.tsx';
import { formatDuration } from '../../../ui/format.ts';
import { useNow } from '../../../ui/use-now.ts';
import { STATE_LABELS, STATE_TONES, statusDetail } from '../lib/server-status.ts';
import type { ServerSummary } from '../lib/server-types.ts';
import { ServerActions } from './server-actions.tsx';
import { ServerOutput } from './server-output.tsx';
import { ServerSettingsPanel } from './server-settings-panel.tsx';
import { ToolsPanel } from './tools-panel.tsx';

type Tab = 'tools' | 'settings' | 'output';

function Stats({ server, now }: { server: ServerSummary; now: number }) {
  const status = server.status;
  const stats: [string, string][] = [
    ['Uptime', status.state === 'running' ? formatDuration(now - status.since) : '—'],
    ['Restarts', String(server.restarts)],
    ['Tools', String(server.toolCount)],
    ['Prompts', String(server.promptCount)],
    ['Resources', String(server.resourceCount)],
    ['Sessions', String(server.sessionConnections)],
  ];
  return (
    <dl className="stats">
      {stats.map(([label, value]) => (
        <div className="stat" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ServerDetail() {
  const server = useServers((state) => state.servers.find((item) => item.name === state.selected));
  const [tab, setTab] = useState<Tab>('tools');
  const now = useNow(1000);
  if (!server) {
    return (
      <section className="panel detail-empty">
        <p>Select a server to see its tools and settings.</p>
      </section>
    );
  }
  const state = server.status.state;
  const status = server.status;
  const problem =
    status.state === 'failed'
      ? status.error
      : status.state === 'backoff'
        ? status.lastError
        : undefined;
  const retryIn = status.state === 'backoff' ? Math.max(0, status.retryAt - now) : undefined;
  return (
    <section className="panel server-detail" aria-labelledby="server-detail-title">
      <div className="detail-header">
        <div className="detail-heading">
          <h2 id="server-detail-title">{server.name}</h2>
          <div className="detail-sub">
            <StatusBadge
              tone={STATE_TONES[state]}
              pulse={state === 'starting' || state === 'backoff'}
            >
              {STATE_LABELS[state]}
            </StatusBadge>
            <span className="muted">
              {state === 'running' ? statusDetail(server.status, now) : null}
            </span>
            <Tag>{server.transport}</Tag>
            <Tag>{server.isolation}</Tag>
            {server.lazy ? <Tag>lazy start</Tag> : null}
          </div>
        </div>
        <ServerActions server={server} />
      </div>
      {problem ? (
        <div className={`callout callout-${state === 'failed' ? 'bad' : 'warn'}`} role="status">
          <Icon name="alert" />
          <div>
            <strong>
              {state === 'failed'
                ? 'This server failed.'
                : 'This server crashed and will be restarted.'}
            </strong>{' '}
            {problem}
            {retryIn !== undefined ? ` Next attempt in ${formatDuration(retryIn)}.` : ''}
          </div>
        </div>
      ) : null}
      <Stats server={server} now={now} />
      <Tabs
        label={`${server.name} details`}
        current={tab}
        onChange={setTab}
        tabs={[
          { id: 'tools', label: `Tools (${server.toolCount})` },
          { id: 'settings', label: 'Settings' },
          { id: 'output', label: 'Output' },
        ]}
      >
        {tab === 'tools' ? <ToolsPanel key={server.name} server={server} /> : null}
        {tab === 'settings' ? <ServerSettingsPanel key={server.name} name={server.name} /> : null}
        {tab === 'output' ? <ServerOutput key={server.name} server={server} /> : null}
      </Tabs>
    </section>
  );
}
