/** What the aggregated endpoint advertises: only features some server behind it has. */
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { ServerSupervisor } from './upstream/server-supervisor.ts';

export function aggregateCapabilities(supervisors: ServerSupervisor[]): ServerCapabilities {
  const known = supervisors.map((supervisor) => supervisor.primary.serverCapabilities);
  const unknown = known.some((capabilities) => !capabilities);
  const some = (has: (capabilities: ServerCapabilities) => unknown) =>
    known.some((capabilities) => capabilities && has(capabilities));
  return {
    // Servers not started yet (lazy, or still starting) most likely have tools.
    tools: { listChanged: true },
    ...(unknown || some((c) => c.prompts) ? { prompts: { listChanged: true } } : {}),
    ...(unknown || some((c) => c.resources)
      ? { resources: { listChanged: true, subscribe: some((c) => c.resources?.subscribe) } }
      : {}),
    ...(some((c) => c.completions) ? { completions: {} } : {}),
    // Without it the SDK drops every log a server sends, and the session's capabilities are
    // fixed: a lazy server's logs would never reach sessions opened before it started.
    ...(unknown || some((c) => c.logging) ? { logging: {} } : {}),
  };
}

export function combinedInstructions(supervisors: ServerSupervisor[]): string | undefined {
  const parts = supervisors.flatMap((supervisor) => {
    const text = supervisor.primary.instructions?.trim();
    if (!text) return [];
    const naming = supervisor.prefix
      ? ` (its tools and prompts are named "${supervisor.prefix}__<name>")`
      : '';
    return [`## ${supervisor.name}${naming}\n${text}`];
  });
  return parts.length
    ? `Switchboard gateway in front of several MCP servers.\n\n${parts.join('\n\n')}`
    : undefined;
}
