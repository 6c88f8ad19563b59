/** Words and tones for server states, shared by the list, the detail pane and the catalog. */
import type { IsolationMode, ServerState, ServerStatus, ToolPolicy } from './server-types.ts';
import { formatDuration } from '../../../ui/format.ts';

export type Tone = 'ok' | 'busy' | 'warn' | 'bad' | 'idle';

export const STATE_LABELS: Record<ServerState, string> = {
  stopped: 'Stopped',
  starting: 'Starting',
  running: 'Running',
  backoff: 'Restarting',
  failed: 'Failed',
};

export const STATE_TONES: Record<ServerState, Tone> = {
  stopped: 'idle',
  starting: 'busy',
  running: 'ok',
  backoff: 'warn',
  failed: 'bad',
};

export const POLICY_LABELS: Record<ToolPolicy, string> = {
  allow: 'Allow',
  ask: 'Ask',
  deny: 'Deny',
};

export const POLICY_HINTS: Record<ToolPolicy, string> = {
  allow: 'Runs without asking',
  ask: 'Asks you before each call',
  deny: 'Never runs',
};

export const POLICIES = Object.keys(POLICY_LABELS) as ToolPolicy[];

export const ISOLATION_LABELS: Record<IsolationMode, string> = {
  'per-session': 'Per session (safest: one connection per client session)',
  'per-client': 'Per client (sessions of one client share a connection)',
  shared: 'Shared (one connection for everyone; stateless servers only)',
};

export const ISOLATION_MODES = Object.keys(ISOLATION_LABELS) as IsolationMode[];

/** A short line under the state, e.g. "up 3h 12m", "retry 2 in 4s", or the error. */
export function statusDetail(status: ServerStatus, now: number): string {
  switch (status.state) {
    case 'running':
      return `up ${formatDuration(now - status.since)}`;
    case 'starting':
      return status.attempt > 1 ? `attempt ${status.attempt}` : 'connecting…';
    case 'backoff':
      return `attempt ${status.attempt + 1} in ${formatDuration(Math.max(0, status.retryAt - now))}: ${status.lastError}`;
    case 'failed':
      return status.error;
    case 'stopped':
      return 'not running';
  }
}
