/**
 * Tool search over exactly the tools a session may see: the meta-tools' answers, and the index
 * behind them, built on first use and again only when what it was built from changed (a
 * server's list after `list_changed`, a server coming or going, settings such as policies).
 */
import type { Result } from '@modelcontextprotocol/sdk/types.js';
import type { Profile } from '../../../shared/clients.ts';
import type { MergedList } from '../routing/merged-lists.ts';
import { recipeTools } from '../recipes/recipe-tools.ts';
import type { ListItem } from '../upstream/list-cache.ts';
import {
  argumentsError,
  CallArgsSchema,
  DEFAULT_SEARCH_LIMIT,
  describeResult,
  DescribeArgsSchema,
  isMetaTool,
  META_TOOL,
  META_TOOL_DEFINITIONS,
  SearchArgsSchema,
  searchResult,
  toolError,
} from './meta-tools.ts';
import { paramsText, ToolIndex, type IndexedTool } from './tool-index.ts';

/** Runs one of the session's tools by exposed name, as a direct tools/call would. */
export type CallTool = (name: string, args: Record<string, unknown> | undefined) => Promise<Result>;

/** What tools/list shows: every tool, or in `search` exposure the meta-tools and pinned tools. */
export function listedTools(profile: Profile, merged: MergedList): ListItem[] {
  const recipes = recipeTools(profile);
  if (profile.exposure !== 'search')
    return recipes.length ? [...merged.items, ...recipes] : merged.items;
  const pinned = new Set(profile.pinned);
  return [
    ...(META_TOOL_DEFINITIONS as ListItem[]),
    ...merged.items.filter((item) => pinned.has(String(item.name))),
    ...recipes, // few and chosen on purpose: always listed
  ];
}

/**
 * Indexes recently built, shared by every session whose tools come from the very same lists
 * under the same settings and profile (one connection serving many sessions): each is built once.
 */
const recent: Array<{ from: readonly unknown[]; index: ToolIndex }> = [];
const MAX_RECENT = 8;

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class ToolSearch {
  /**
   * `settings` is the current settings object (a new one means policies may have changed);
   * `profile` names whose view of the lists `merged` holds.
   */
  index(merged: MergedList, settings: object, profile: string): ToolIndex {
    const from = [profile, settings, ...merged.sources];
    const found = recent.find((entry) => sameKey(entry.from, from));
    if (found) return found.index;
    const index = new ToolIndex(indexedTools(merged));
    recent.unshift({ from, index });
    recent.length = Math.min(recent.length, MAX_RECENT);
    return index;
  }

  /** One meta-tool call; `merged` holds exactly the tools the session may see. */
  async call(
    name: string,
    args: unknown,
    merged: MergedList,
    settings: object,
    profile: string,
    callTool: CallTool,
  ): Promise<Result> {
    switch (name) {
      case META_TOOL.search: {
        const parsed = SearchArgsSchema.safeParse(args ?? {});
        if (!parsed.success) return argumentsError(name, parsed.error);
        const { query, limit = DEFAULT_SEARCH_LIMIT } = parsed.data;
        return searchResult(this.index(merged, settings, profile).search(query, limit));
      }
      case META_TOOL.describe: {
        const parsed = DescribeArgsSchema.safeParse(args ?? {});
        if (!parsed.success) return argumentsError(name, parsed.error);
        const origin = merged.origins.get(parsed.data.name);
        const listed = merged.items.some((item) => item.name === parsed.data.name);
        if (!origin?.item || !listed)
          return toolError(
            `Unknown tool: ${parsed.data.name}. Find tools with ${META_TOOL.search}.`,
          );
        return describeResult(parsed.data.name, origin.supervisor.name, origin.item);
      }
      default: {
        const parsed = CallArgsSchema.safeParse(args ?? {});
        if (!parsed.success) return argumentsError(name, parsed.error);
        if (isMetaTool(parsed.data.name))
          return toolError(
            `${META_TOOL.call} runs the tools ${META_TOOL.search} finds, not itself.`,
          );
        return callTool(parsed.data.name, parsed.data.arguments);
      }
    }
  }
}

function indexedTools(merged: MergedList): IndexedTool[] {
  return merged.items.map((item) => {
    const name = String(item.name);
    const origin = merged.origins.get(name);
    return {
      name,
      server: origin?.supervisor.name ?? '',
      description: typeof item.description === 'string' ? item.description : '',
      params: paramsText(item.inputSchema),
    };
  });
}
