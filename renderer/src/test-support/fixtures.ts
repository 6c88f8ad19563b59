/** Builders of contract-typed values for tests: a valid value, with the fields a test cares about. */
import type { z } from 'zod';
import { ProfileSchema } from '../../../shared/clients.ts';
import type { Profile } from '../features/profiles/store/profiles-store.ts';
import type { ServerSettings } from '../features/servers/lib/server-types.ts';
import type { ClientInfo } from '../features/clients/store/clients-store.ts';
import type { ConsentRequest } from '../features/consent/store/consent-store.ts';
import type { CallLogEntry } from '../features/call-log/lib/log-types.ts';
import type { ServerSummary, ToolView } from '../features/servers/lib/server-types.ts';

export function serverSummary(overrides: Partial<ServerSummary> & { name: string }): ServerSummary {
  return {
    transport: 'stdio',
    status: { state: 'running', since: Date.now() - 65_000, pid: 4242 },
    isolation: 'per-session',
    lazy: false,
    toolCount: 3,
    promptCount: 0,
    resourceCount: 0,
    restarts: 0,
    sessionConnections: 1,
    stderrTail: [],
    ...overrides,
  };
}

export function toolView(overrides: Partial<ToolView> & { name: string }): ToolView {
  return { policy: 'ask', policySource: 'default', ...overrides };
}

export function clientInfo(overrides: Partial<ClientInfo> & { name: string }): ClientInfo {
  return {
    id: `c-${overrides.name}`,
    profile: 'default',
    createdAt: Date.now() - 3_600_000,
    ...overrides,
  };
}

let sequence = 0;

/** Ids are fixed-width and increasing, as the engine makes them. */
export function logId(n: number): string {
  return String(n).padStart(12, '0');
}

export function logEntry(overrides: Partial<CallLogEntry> = {}): CallLogEntry {
  sequence += 1;
  return {
    id: logId(sequence),
    time: Date.now(),
    clientId: 'c-cursor',
    clientName: 'cursor',
    profile: 'default',
    sessionId: 'session-1',
    server: 'memory',
    kind: 'tools/call',
    name: 'read_graph',
    arguments: {},
    resultSize: 120,
    resultSummary: '{"entities":[]}',
    durationMs: 4.2,
    status: 'ok',
    ...overrides,
  };
}

export function consentRequest(
  overrides: Partial<ConsentRequest> & { id: string },
): ConsentRequest {
  const now = Date.now();
  return {
    clientId: 'c-cursor',
    clientName: 'cursor',
    profile: 'default',
    sessionId: 'session-1',
    server: 'filesystem',
    tool: 'write_file',
    arguments: { path: '/tmp/notes.txt', content: 'hello' },
    annotations: { destructiveHint: true },
    requestedAt: now,
    expiresAt: now + 60_000,
    ...overrides,
  };
}

/** A profile as the engine keeps it: what is left out takes the schema's defaults. */
export function profile(fields: z.input<typeof ProfileSchema> = {}): Profile {
  return ProfileSchema.parse(fields);
}

export function serverSettings(
  overrides: Partial<ServerSettings> & { name: string },
): ServerSettings {
  return {
    transport: 'stdio',
    command: 'node',
    args: [],
    envKeys: [],
    headerKeys: [],
    secrets: [],
    isolation: 'per-session',
    lazy: false,
    prefix: overrides.name,
    ...overrides,
  };
}
