/** Keeps open aggregated sessions' server lists in line with the configuration and profiles. */
import type { Identity } from '../../../shared/clients.ts';
import type { ServerSupervisor } from '../upstream/server-supervisor.ts';
import type { GatewaySession } from './gateway-session.ts';

/** Returns the sessions whose servers changed (they should be told their lists changed). */
export function syncSessionServers(
  sessions: GatewaySession[],
  visible: (identity: Identity) => ServerSupervisor[],
): GatewaySession[] {
  const changed: GatewaySession[] = [];
  for (const session of sessions) {
    const wanted = visible(session.identity);
    const current = session.supervisors;
    if (wanted.length === current.length && wanted.every((s, i) => s === current[i])) continue;
    for (const gone of current.filter((s) => !wanted.includes(s))) void gone.release(session);
    // In place: the session's router holds this same array.
    current.splice(0, current.length, ...wanted);
    changed.push(session);
  }
  return changed;
}
