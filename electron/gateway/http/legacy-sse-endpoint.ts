/**
 * The HTTP+SSE transport of MCP 2024-11-05, for older clients: GET /sse opens the stream and
 * names a POST endpoint carrying the session id. The SDK's transport does the protocol; we add
 * our guards (Host/Origin are checked before this, bodies are size-limited here).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { GatewaySession } from '../routing/gateway-session.ts';
import { HttpError, readBody, sendRpcError } from './http-helpers.ts';

export class LegacySseEndpoint {
  readonly #sessions = new Map<
    string,
    { transport: SSEServerTransport; session: GatewaySession }
  >();

  readonly messagesPath: string;
  readonly createSession: (sessionId: string) => Promise<GatewaySession>;
  readonly maxBodyBytes: number;

  constructor(
    messagesPath: string,
    createSession: (sessionId: string) => Promise<GatewaySession>,
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

  async open(res: ServerResponse): Promise<void> {
    const transport = new SSEServerTransport(this.messagesPath, res);
    let session: GatewaySession;
    try {
      session = await this.createSession(transport.sessionId);
    } catch (error) {
      return sendRpcError(res, 503, (error as Error).message, -32603);
    }
    this.#sessions.set(transport.sessionId, { transport, session });
    session.onclose = () => this.#sessions.delete(transport.sessionId);
    res.on('close', () => void session.close());
    await session.connect(transport);
  }

  async post(req: IncomingMessage, res: ServerResponse, sessionId: string | null): Promise<void> {
    const entry = sessionId ? this.#sessions.get(sessionId) : undefined;
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
