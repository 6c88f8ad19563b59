/** The tools a search-exposure profile can pin, by the names its agents call them. */
import type { ToolsState } from '../../servers/store/servers-store.ts';
import type { ServerSettings } from '../../servers/lib/server-types.ts';
import { exposedName } from '../../../../../shared/tool-names.ts';

export type Pinnable = {
  /** `<prefix>__<tool>`, as listed to agents and saved in `pinned`. */
  name: string;
  server?: string;
  description?: string;
};

export type PinnableList = {
  items: Pinnable[];
  /** Servers whose tools could not be listed (not running): pins of theirs cannot be offered. */
  unlisted: string[];
  loading: boolean;
};

/**
 * The tools of the profile's servers, then pinned names none of them lists now (a stopped
 * server, a removed tool), so they can still be unpinned.
 */
export function pinnableTools(
  servers: readonly string[],
  tools: Record<string, ToolsState | undefined>,
  settings: Record<string, ServerSettings | undefined>,
  pinned: readonly string[],
): PinnableList {
  const items: Pinnable[] = [];
  const unlisted: string[] = [];
  let loading = false;
  for (const server of servers) {
    const state = tools[server];
    if (!state || (state.loading && state.items.length === 0)) loading = true;
    else if (state.items.length === 0 && state.error) unlisted.push(server);
    // The prefix is the server's name unless settings.json gives it another one.
    const prefix = settings[server]?.prefix ?? server;
    for (const tool of state?.items ?? [])
      items.push({
        name: exposedName(prefix, tool.name),
        server,
        ...(tool.description ? { description: tool.description } : {}),
      });
  }
  const known = new Set(items.map((item) => item.name));
  const missing = pinned.filter((name) => !known.has(name)).map((name) => ({ name }));
  return { items: [...items, ...missing], unlisted, loading };
}

/** Whether a tool matches the picker's filter (name, server or description, any case). */
export function matchesFilter(item: Pinnable, filter: string): boolean {
  const words = filter.trim().toLowerCase();
  if (!words) return true;
  return [item.name, item.server ?? '', item.description ?? ''].some((text) =>
    text.toLowerCase().includes(words),
  );
}
