/**
 * What tools/list (and the other lists) answer, built once per change instead of per request:
 *   - merged lists shared by every session that sees the very same server lists under the same
 *     profile and settings (one shared connection serving many sessions): one merge, one
 *     policy filter, one copy of the exposed items for all of them;
 *   - each page of a merged list serialized once (see serialized-result.ts).
 * Both are keyed on identities that change whenever what they were built from changes: a
 * server's list array (replaced after `list_changed`), the settings object (replaced on any
 * profile, policy or exposure change), the servers' states as reported in `_meta`.
 */
import type { ListItem, ListKind } from '../upstream/list-cache.ts';
import { SERVERS_META_KEY, type MergedList } from './merged-lists.ts';
import { SerializedResult } from './serialized-result.ts';

/**
 * Held weakly: a merge lives as long as some session's router still uses it, so lists nobody
 * reads any more (stale after a change, or of sessions gone) are not kept here.
 */
const shared = new Map<string, Array<{ key: unknown[]; merged: WeakRef<MergedList> }>>();

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function keyOf(kind: ListKind, settings: object, merged: MergedList): unknown[] {
  return [kind, settings, JSON.stringify(merged.servers), ...merged.sources];
}

/**
 * The merge another session already built from exactly the same sources, profile and settings;
 * else `merged` itself, after `prepare` (the policy filter), registered for the next session.
 */
export function sharedMerge(
  kind: ListKind,
  profile: string,
  settings: object,
  merged: MergedList,
  prepare: (merged: MergedList) => void,
): MergedList {
  const key = keyOf(kind, settings, merged);
  const slot = `${kind}\u0000${profile}`;
  const live = (shared.get(slot) ?? []).filter((entry) => entry.merged.deref());
  const found = live.find((entry) => sameKey(entry.key, key))?.merged.deref();
  if (found) return found;
  prepare(merged);
  live.push({ key, merged: new WeakRef(merged) });
  shared.set(slot, live);
  return merged;
}

type Pages = { settings: object; pageSize: number; pages: Map<number, SerializedResult> };
const pagesOf = new WeakMap<MergedList, Pages>();

/**
 * One page of what a session lists from `merged`. `items` (what the profile lists: in `search`
 * exposure the meta-tools, recipes, …) depends only on the profile, so on `settings`.
 */
export function listPage(
  kind: ListKind,
  merged: MergedList,
  settings: object,
  offset: number,
  pageSize: number,
  items: () => ListItem[],
  encodeCursor: (offset: number) => string,
): SerializedResult {
  let cache = pagesOf.get(merged);
  if (!cache || cache.settings !== settings || cache.pageSize !== pageSize) {
    cache = { settings, pageSize, pages: new Map() };
    pagesOf.set(merged, cache);
  }
  let page = cache.pages.get(offset);
  if (page) return page;
  const listed = items();
  const end = offset + pageSize;
  page = new SerializedResult({
    [kind]: listed.slice(offset, end),
    ...(end < listed.length ? { nextCursor: encodeCursor(end) } : {}),
    _meta: { [SERVERS_META_KEY]: merged.servers },
  });
  // Only the pages our own cursors lead to: a hand-made cursor may name any offset.
  if (offset % pageSize === 0) cache.pages.set(offset, page);
  return page;
}
