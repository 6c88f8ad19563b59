/**
 * What the tray shows, as plain data: the gateway's state, one line per server, and the
 * actions. Built from the host's status and the servers' summaries; the tray controller turns
 * it into an Electron menu.
 */
import type { ServerSummary } from '../../../shared/server-status.ts';
import type { HostStatus } from '../gateway-host.ts';

export type TrayAction = 'open-dashboard' | 'pause' | 'resume' | 'quit';
export type TrayItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean };
export type TrayModel = { tooltip: string; items: TrayItem[] };
export type TrayState = { host: HostStatus; servers: ServerSummary[]; paused: boolean };

/** Lines beyond this many servers are summed up in one. */
export const MAX_SERVER_LINES = 12;

function firstLine(text: string, max = 60): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function serverLine(summary: ServerSummary): string {
  const { status } = summary;
  switch (status.state) {
    case 'running':
      return `${summary.name}: running, ${summary.toolCount} tool${summary.toolCount === 1 ? '' : 's'}`;
    case 'starting':
      return `${summary.name}: starting…`;
    case 'backoff':
      return `${summary.name}: restarting (attempt ${status.attempt})`;
    case 'failed':
      return `${summary.name}: failed: ${firstLine(status.error)}`;
    case 'stopped':
      return `${summary.name}: ${summary.lazy ? 'stopped (starts when used)' : 'stopped'}`;
  }
}

function hostLine(host: HostStatus): string {
  switch (host.state) {
    case 'starting':
      return 'Gateway starting…';
    case 'running':
      return `Gateway on ${host.url}`;
    case 'failed':
      return `Gateway failed: ${firstLine(host.error)}`;
    case 'stopping':
      return 'Gateway stopping…';
    case 'stopped':
      return 'Gateway stopped';
  }
}

function tooltip(state: TrayState): string {
  if (state.host.state !== 'running') return `Switchboard: ${hostLine(state.host).toLowerCase()}`;
  const running = state.servers.filter((server) => server.status.state === 'running').length;
  const paused = state.paused ? ' (paused)' : '';
  return `Switchboard: ${running} of ${state.servers.length} servers running${paused}`;
}

export function trayMenuModel(state: TrayState): TrayModel {
  const running = state.host.state === 'running';
  const items: TrayItem[] = [{ type: 'label', label: hostLine(state.host) }];
  if (running) {
    items.push({ type: 'separator' });
    if (state.servers.length === 0) items.push({ type: 'label', label: 'No servers configured' });
    for (const server of state.servers.slice(0, MAX_SERVER_LINES))
      items.push({ type: 'label', label: serverLine(server) });
    const more = state.servers.length - MAX_SERVER_LINES;
    if (more > 0) items.push({ type: 'label', label: `and ${more} more…` });
  }
  items.push(
    { type: 'separator' },
    { type: 'action', action: 'open-dashboard', label: 'Open Dashboard', enabled: true },
    state.paused
      ? { type: 'action', action: 'resume', label: 'Resume Servers', enabled: running }
      : {
          type: 'action',
          action: 'pause',
          label: 'Pause All Servers',
          enabled: running && state.servers.length > 0,
        },
    { type: 'separator' },
    { type: 'action', action: 'quit', label: 'Quit Switchboard', enabled: true },
  );
  return { tooltip: tooltip(state), items };
}
