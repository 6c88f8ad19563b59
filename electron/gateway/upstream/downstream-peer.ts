import type {
  ClientCapabilities,
  Implementation,
  JSONRPCRequest,
  Notification,
  RequestId,
  Result,
} from '@modelcontextprotocol/sdk/types.js';

/** What a server supervisor needs to know of a downstream session to route messages back to it. */
export interface DownstreamPeer {
  readonly sessionId: string;
  /** The identity behind the session: per-client isolation shares a connection per key. */
  readonly clientKey: string;
  /** The profile of the identity behind the session: it picks per-profile secrets. */
  readonly profile: string;
  readonly clientInfo: Implementation;
  readonly clientCapabilities: ClientCapabilities;
  /** Sends a server->client request (sampling, elicitation, roots) to this session. */
  requestFromServer(
    server: string,
    request: JSONRPCRequest,
    related: RequestId | undefined,
    signal: AbortSignal,
  ): Promise<Result>;
  /** Delivers a notification from an upstream server to this session (names already mapped by the session). */
  notifyFromServer(
    server: string,
    notification: Notification,
    related: RequestId | undefined,
  ): void;
}
