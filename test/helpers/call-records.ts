/** Call log records for tests: the i-th read_file call, alternating between two servers. */
import type { CallRecord } from '../../electron/gateway/audit/call-log.ts';

export function callRecord(i: number, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    clientId: 'c1',
    clientName: 'Claude',
    profile: 'default',
    sessionId: 's1',
    server: i % 2 ? 'memory' : 'fs',
    kind: 'tools/call',
    name: 'read_file',
    arguments: { path: `/notes/${i}.md` },
    resultSummary: `ok ${i}`,
    durationMs: 5,
    status: 'ok',
    ...overrides,
  };
}
