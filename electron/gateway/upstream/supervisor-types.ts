/** What a server supervisor is given (its events and context) and the lanes it keeps. */
import type { RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { ServerSpec } from '../config/servers-config.ts';
import type { ChildRegistry } from './child-registry.ts';
import type { DownstreamPeer } from './downstream-peer.ts';
import type { ListCache, ListKind } from './list-cache.ts';
import type { UpstreamConnection } from './upstream-connection.ts';

/** One upstream connection and who uses it. */
export type Lane = {
  connection: UpstreamConnection;
  lists: ListCache;
  /** Sessions using this lane, and the downstream requests each has in flight on it. */
  users: Map<DownstreamPeer, RequestId[]>;
  /** Resource URIs each session subscribed to through this lane. */
  subscriptions: Map<string, Set<DownstreamPeer>>;
};

export type SupervisorEvents = {
  /** A list changed: for every session (`peer` undefined) or for one session's dedicated lane. */
  onListChanged: (server: string, kinds: ListKind[], peer: DownstreamPeer | undefined) => void;
  onStatus: (server: string) => void;
  /** The server said a resource changed (whoever subscribed to it). */
  onResourceUpdated?: (server: string) => void;
};

export type SupervisorContext = {
  registry?: ChildRegistry;
  path?: string;
  clientVersion: string;
  /** Secrets for a spawn: per-profile ones for connections dedicated to a client's sessions. */
  resolveSecrets?: (
    spec: ServerSpec,
    profile: string | undefined,
  ) => Promise<{ env: Record<string, string>; headers: Record<string, string> }>;
};
