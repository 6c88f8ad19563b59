/** tools:search: the dashboard's preview of what search_tools answers a profile's agents. */
import type { Gateway } from '../../gateway.ts';
import { profileIncludes } from '../../policy/tool-policy.ts';
import { mergeList } from '../../routing/merged-lists.ts';
import { ToolSearch } from '../../tool-search/tool-search.ts';
import { notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';

export function toolSearchHandlers(gateway: Gateway): HandlerGroup<'tools:search'> {
  // Built again only when a list or the settings changed, as for a session.
  const search = new ToolSearch();
  return {
    'tools:search': async ({ profile, query, limit }) => {
      const settings = gateway.settings;
      const found = Object.hasOwn(settings.profiles, profile)
        ? settings.profiles[profile]
        : undefined;
      if (!found) throw notFound(`no profile named "${profile}"`);
      const supervisors = [...gateway.supervisors.values()].filter((supervisor) =>
        profileIncludes(found, supervisor.name),
      );
      // Through each server's primary connection: the tools any of the profile's sessions see.
      const merged = await mergeList(
        supervisors,
        undefined,
        'tools',
        settings.limits.startTimeoutMs,
      );
      gateway.trust.gate.hideInvisible(merged, profile);
      const index = search.index(merged, settings, profile);
      return { tools: index.search(query, limit), searched: index.size };
    },
  };
}
