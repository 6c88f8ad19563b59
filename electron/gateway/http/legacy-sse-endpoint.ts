/**
 * The HTTP+SSE transport of MCP 2024-11-05, for older clients: GET /sse opens the stream and
 * names a POST endpoint carrying the session id. The SDK's transport does the protocol; we add
 * our guards (Host/Origin are checked before this, bodies are size-limited here).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { Identity } from '../../../shared/clients.ts';
import type { GatewaySession } from '../routing/gateway-session.ts';
import { HttpError, readBody, sendRpcError } from './http-helpers.ts';

export class LegacySseEndpoint {
  readonly #sessions = new Map<
    string,
    { transport: SSEServerTransport; session: GatewaySession; identity: Identity }
  >();

  readonly messagesPath: string;
  readonly createSession: (sessionId: string, identity: Identity) => Promise<GatewaySession>;
  readonly maxBodyBytes: number;

  constructor(
    messagesPath: string,
    createSession: (sessionId: string, identity: Identity) => Promise<GatewaySession>,
    maxBodyBytes: number,
  ) {
    this.messagesPath = messagesPath;
    this.createSession = createSession;
    this.maxBodyBytes = maxBodyBytes;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** The open sessions, so that list_changed and status changes reach SSE clients too. */
  get sessions(): GatewaySession[] {
    return [...this.#sessions.values()].map(({ session }) => session);
  }

  async open(res: ServerResponse, identity: Identity): Promise<void> {
    const transport = new SSEServerTransport(this.messagesPath, res);
    let session: GatewaySession;
    try {
      session = await this.createSession(transport.sessionId, identity);
    } catch (error) {
      return sendRpcError(res, 503, (error as Error).message, -32603);
    }
    this.#sessions.set(transport.sessionId, { transport, session, identity });
    session.onclose = () => this.#sessions.delete(transport.sessionId);
    res.on('close', () => void session.close());
    await session.connect(transport);
  }

  async post(
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: string | null,
    identity: Identity,
  ): Promise<void> {
    const found = sessionId ? this.#sessions.get(sessionId) : undefined;
    // Bound to the identity that opened it, like Streamable HTTP sessions.
    const entry = found?.identity.clientId === identity.clientId ? found : undefined;
    if (!entry)
      return sendRpcError(
        res,
        404,
        `Session not found: ${sessionId ?? '(no sessionId parameter)'}`,
        -32001,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readBody(req, this.maxBodyBytes));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      return sendRpcError(
        res,
        status,
        status === 400 ? `Parse error: ${(error as Error).message}` : (error as Error).message,
        status === 400 ? -32700 : -32600,
      );
    }
    // The SDK validates the message shape and answers 400 itself when it is not JSON-RPC.
    await entry.transport.handlePostMessage(req, res, parsed);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.values()].map(({ session }) => session.close()));
  }
}
