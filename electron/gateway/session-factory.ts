/** Builds the downstream sessions: one over every visible server (`/mcp`), or over one (`/mcp/servers/<name>`). */
import type { Identity } from '../../shared/clients.ts';
import type { GatewayLimits } from './config/settings.ts';
import type { ConsentBroker } from './consent/consent-broker.ts';
import type { CallGate } from './policy/call-gate.ts';
import { AggregateRouter } from './routing/aggregate-router.ts';
import { GatewaySession } from './routing/gateway-session.ts';
import { PassthroughRouter } from './routing/passthrough-router.ts';
import { aggregateCapabilities, combinedInstructions } from './session-capabilities.ts';
import type { ServerSupervisor } from './upstream/server-supervisor.ts';

export type SessionDeps = {
  version: string;
  gate: CallGate;
  consent: ConsentBroker;
  limits: GatewayLimits;
};

/** Consent given "for this session" ends with the session. */
function tracked(session: GatewaySession, consent: ConsentBroker, gate: CallGate): GatewaySession {
  void session.closed.then(() => consent.endSession(session.sessionId));
  // Results kept for this client may depend on the roots it had: they go with them.
  session.onRootsChanged = () => gate.forgetResultsOf(session.identity.clientId);
  return session;
}

/** `supervisors` is shared with the router on purpose: profile changes edit it in place. */
export function createAggregateSession(
  sessionId: string,
  identity: Identity,
  supervisors: ServerSupervisor[],
  deps: SessionDeps,
): GatewaySession {
  const instructions = combinedInstructions(supervisors);
  return tracked(
    new GatewaySession({
      sessionId,
      identity,
      serverInfo: { name: 'switchboard', version: deps.version },
      capabilities: aggregateCapabilities(supervisors),
      ...(instructions ? { instructions } : {}),
      supervisors,
      router: new AggregateRouter(supervisors, deps.limits, deps.gate),
      requestTimeoutMs: deps.limits.requestTimeoutMs,
    }),
    deps.consent,
    deps.gate,
  );
}

/** The server must be up: its own capabilities, info and instructions are what the client sees. */
export async function createPassthroughSession(
  sessionId: string,
  identity: Identity,
  supervisor: ServerSupervisor,
  deps: SessionDeps,
): Promise<GatewaySession> {
  try {
    await supervisor.ready();
  } catch (error) {
    throw new Error(
      `server "${supervisor.name}" is unavailable: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const primary = supervisor.primary;
  return tracked(
    new GatewaySession({
      sessionId,
      identity,
      serverInfo: primary.serverInfo ?? { name: supervisor.name, version: 'unknown' },
      capabilities: primary.serverCapabilities ?? {},
      ...(primary.instructions ? { instructions: primary.instructions } : {}),
      supervisors: [supervisor],
      router: new PassthroughRouter(supervisor, deps.gate),
      requestTimeoutMs: deps.limits.requestTimeoutMs,
    }),
    deps.consent,
    deps.gate,
  );
}
