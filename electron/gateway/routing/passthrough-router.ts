import type {
  JSONRPCRequest,
  Notification,
  Result,
  ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import { assertGatedParams, type CallGate, type GatedKind } from '../policy/call-gate.ts';
import type { ServerSupervisor } from '../upstream/server-supervisor.ts';
import {
  forward,
  type GatewaySession,
  type RequestExtra,
  type SessionRouter,
} from './gateway-session.ts';

const GATED = new Set<string>(['tools/call', 'prompts/get', 'resources/read']);

/**
 * `/mcp/servers/<name>`: one server, names and URIs unchanged, every method forwarded as is,
 * except that calls pass the same gate as on `/mcp` and denied tools are not listed.
 */
export class PassthroughRouter implements SessionRouter {
  readonly supervisor: ServerSupervisor;
  readonly gate: CallGate;

  constructor(supervisor: ServerSupervisor, gate: CallGate) {
    this.supervisor = supervisor;
    this.gate = gate;
  }

  async handleRequest(
    session: GatewaySession,
    request: JSONRPCRequest,
    extra: RequestExtra,
  ): Promise<Result> {
    const server = this.supervisor.name;
    if (request.method === 'tools/list') {
      const result = await forward(this.supervisor, session, request, extra);
      const tools = Array.isArray(result.tools)
        ? (result.tools as { name: string; annotations?: ToolAnnotations }[])
        : [];
      return {
        ...result,
        tools: tools.filter((tool) =>
          this.gate.visible(session, server, tool.name, tool.annotations),
        ),
      };
    }
    if (!GATED.has(request.method)) return forward(this.supervisor, session, request, extra);
    assertGatedParams(request.method as GatedKind, request.params);
    const params = request.params as Record<string, unknown> | undefined;
    const name = String((request.method === 'resources/read' ? params?.uri : params?.name) ?? '');
    const annotations =
      request.method === 'tools/call' ? await this.#annotations(session, name) : undefined;
    return this.gate.run(
      {
        session,
        server,
        kind: request.method as GatedKind,
        name,
        arguments:
          request.method === 'resources/read'
            ? undefined
            : (params?.arguments as Record<string, unknown> | undefined),
        annotations,
        signal: extra.signal,
      },
      () => forward(this.supervisor, session, request, extra),
    );
  }

  /** The tool's annotations from the server's (cached) list: the policy defaults depend on them. */
  async #annotations(session: GatewaySession, name: string): Promise<ToolAnnotations | undefined> {
    const tools = await this.supervisor.list(session, 'tools').catch(() => []);
    return tools.find((tool) => tool.name === name)?.annotations as ToolAnnotations | undefined;
  }

  mapNotification(_server: string, notification: Notification): Notification {
    return notification;
  }
}
