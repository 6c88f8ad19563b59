/**
 * Merges one list kind across servers into the session's namespace, fail-open: a server that
 * is down or slow is left out and reported in `_meta`, never a failure of the whole list.
 */
import type { ConnectionStatus } from '../../../shared/server-status.ts';
import type { ListItem, ListKind } from '../upstream/list-cache.ts';
import type { DownstreamPeer } from '../upstream/downstream-peer.ts';
import type { ServerSupervisor } from '../upstream/server-supervisor.ts';
import { exposedName, wrapUri } from './names.ts';

export const SERVERS_META_KEY = 'dev.switchboard/servers';

export type ServerReport = { name: string; state: ConnectionStatus['state']; error?: string };
/** Where an exposed name comes from; `item` is the server's own list entry (annotations, …). */
export type Origin = { supervisor: ServerSupervisor; original: string; item?: ListItem };
export type MergedList = {
  items: ListItem[];
  origins: Map<string, Origin>;
  servers: ServerReport[];
  /**
   * Each server's own list as its cache holds it (undefined when it failed): the same arrays
   * until a server says its list changed, so whatever is built from a merge can tell it is stale.
   */
  sources: (ListItem[] | undefined)[];
};

function exposeItem(
  kind: ListKind,
  supervisor: ServerSupervisor,
  item: ListItem,
): { item: ListItem; key: string; original: string } {
  switch (kind) {
    case 'tools':
    case 'prompts': {
      const original = String(item.name);
      const name = exposedName(supervisor.prefix, original);
      return { item: { ...item, name }, key: name, original };
    }
    case 'resources': {
      const original = String(item.uri);
      const uri = wrapUri(supervisor.name, original);
      return { item: { ...item, uri }, key: uri, original };
    }
    case 'resourceTemplates': {
      const original = String(item.uriTemplate);
      const uriTemplate = wrapUri(supervisor.name, original);
      return { item: { ...item, uriTemplate }, key: uriTemplate, original };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

export async function mergeList(
  supervisors: ServerSupervisor[],
  /** The session asking; undefined lists through each server's primary connection. */
  peer: DownstreamPeer | undefined,
  kind: ListKind,
  waitMs: number,
  /** The last merge: returned as it is when every server still holds the very same list. */
  previous?: MergedList,
): Promise<MergedList> {
  const results = await Promise.allSettled(
    supervisors.map((supervisor) => withTimeout(supervisor.list(peer, kind), waitMs)),
  );
  if (
    previous?.sources.length === results.length &&
    results.every(
      (result, i) => result.status === 'fulfilled' && result.value === previous.sources[i],
    )
  )
    return previous;
  const merged: MergedList = { items: [], origins: new Map(), servers: [], sources: [] };
  results.forEach((result, index) => {
    const supervisor = supervisors[index]!;
    const state = supervisor.primary.status.state;
    merged.sources.push(result.status === 'fulfilled' ? result.value : undefined);
    if (result.status === 'rejected') {
      merged.servers.push({
        name: supervisor.name,
        state: state === 'running' ? 'failed' : state,
        error: String((result.reason as Error)?.message ?? result.reason).split('\n')[0]!,
      });
      return;
    }
    merged.servers.push({ name: supervisor.name, state: 'running' });
    for (const raw of result.value) {
      const { item, key, original } = exposeItem(kind, supervisor, raw);
      if (merged.origins.has(key)) continue; // two servers with the same prefix: first one wins, consistently
      merged.origins.set(key, { supervisor, original, item: raw });
      merged.items.push(item);
    }
  });
  return merged;
}
