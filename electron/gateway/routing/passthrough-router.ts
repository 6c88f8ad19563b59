import type { JSONRPCRequest, Notification, Result } from '@modelcontextprotocol/sdk/types.js';
import type { ServerSupervisor } from '../upstream/server-supervisor.ts';
import {
  forward,
  type GatewaySession,
  type RequestExtra,
  type SessionRouter,
} from './gateway-session.ts';

/** `/mcp/servers/<name>`: one server, names and URIs unchanged, every method forwarded as is. */
export class PassthroughRouter implements SessionRouter {
  readonly supervisor: ServerSupervisor;

  constructor(supervisor: ServerSupervisor) {
    this.supervisor = supervisor;
  }

  handleRequest(
    session: GatewaySession,
    request: JSONRPCRequest,
    extra: RequestExtra,
  ): Promise<Result> {
    return forward(this.supervisor, session, request, extra);
  }

  mapNotification(_server: string, notification: Notification): Notification {
    return notification;
  }
}
