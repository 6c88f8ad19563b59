import { z } from 'zod';
import { ServerSummarySchema, type ServerSummary } from '../../../shared/server-status.ts';

const ResponseSchema = z.object({ servers: z.array(ServerSummarySchema) });

export async function fetchServers(baseUrl: string, adminToken: string): Promise<ServerSummary[]> {
  const response = await fetch(new URL('/api/servers', baseUrl), {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (!response.ok)
    throw new Error(`the gateway at ${baseUrl} answered ${response.status} ${response.statusText}`);
  const parsed = ResponseSchema.safeParse(await response.json());
  if (!parsed.success)
    throw new Error(
      `the gateway at ${baseUrl} sent an unexpected answer: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data.servers;
}

export function formatServers(servers: ServerSummary[]): string {
  if (servers.length === 0) return 'No servers are configured.';
  const rows = servers.map((server) => {
    const status = server.status;
    const detail =
      status.state === 'failed' ? status.error : status.state === 'backoff' ? status.lastError : '';
    return [
      server.name,
      status.state,
      String(server.toolCount),
      String(server.restarts),
      server.isolation,
      detail.split('\n')[0] ?? '',
    ];
  });
  const header = ['NAME', 'STATUS', 'TOOLS', 'RESTARTS', 'ISOLATION', 'DETAIL'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
