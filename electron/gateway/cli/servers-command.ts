import type { ServerSummary } from '../../../shared/server-status.ts';
import { createHttpEngineApi } from '../../../shared/http-engine-client.ts';
import { formatTable } from './format-table.ts';

/** `servers:list` through the admin API of the running gateway, with the admin token. */
export async function fetchServers(baseUrl: string, adminToken: string): Promise<ServerSummary[]> {
  const api = createHttpEngineApi({ baseUrl, headers: { authorization: `Bearer ${adminToken}` } });
  const result = await api.call('servers:list', {});
  if (!result.ok)
    throw new Error(
      `the gateway at ${baseUrl} answered: ${result.error.message} (${result.error.code})`,
    );
  return result.value;
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
  return formatTable(['NAME', 'STATUS', 'TOOLS', 'RESTARTS', 'ISOLATION', 'DETAIL'], rows);
}
