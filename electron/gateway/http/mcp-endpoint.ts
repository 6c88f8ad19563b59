/**
 * Streamable HTTP (MCP 2025-11-25) for one endpoint (`/mcp` or `/mcp/servers/<name>`):
 * session ids, 404 for unknown sessions, DELETE, protocol version checks, resumable streams.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  JSONRPCMessageSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  isInitializeRequest,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import type { Identity } from '../../../shared/clients.ts';
import type { GatewaySession } from '../routing/gateway-session.ts';
import { accepts, HttpError, readBody, sendRpcError } from './http-helpers.ts';
import { HttpSessionTransport } from './http-session-transport.ts';

export type SessionFactory = (sessionId: string, identity: Identity) => Promise<GatewaySession>;

export type McpSessionEntry = {
  endpoint: string;
  /** Sessions are bound to the identity that opened them: anyone else gets 404. */
  identity: Identity;
  transport: HttpSessionTransport;
  session: GatewaySession;
};

export class McpEndpoint {
  readonly name: string;
  readonly createSession: SessionFactory;
  readonly sessions: Map<string, McpSessionEntry>;
  readonly maxBodyBytes: number;

  constructor(
    name: string,
    createSession: SessionFactory,
    sessions: Map<string, McpSessionEntry>,
    maxBodyBytes: number,
  ) {
    this.name = name;
    this.createSession = createSession;
    this.sessions = sessions;
    this.maxBodyBytes = maxBodyBytes;
  }

  async handle(req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<void> {
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      return sendRpcError(
        res,
        400,
        `Unsupported MCP-Protocol-Version "${version}"; supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}`,
      );
    }
    switch (req.method) {
      case 'POST':
        return this.#post(req, res, identity);
      case 'GET':
        return this.#get(req, res, identity);
      case 'DELETE':
        return this.#delete(req, res, identity);
      default:
        res.setHeader('allow', 'GET, POST, DELETE');
        return sendRpcError(res, 405, `Method ${req.method} is not allowed on ${this.name}`);
    }
  }

  /** The session named by the header, checked to belong to this endpoint. */
  #session(
    req: IncomingMessage,
    res: ServerResponse,
    identity: Identity,
  ): McpSessionEntry | undefined {
    const id = req.headers['mcp-session-id'];
    if (typeof id !== 'string') {
      sendRpcError(res, 400, 'Bad Request: Mcp-Session-Id header is required');
      return undefined;
    }
    const entry = this.sessions.get(id);
    if (!entry || entry.endpoint !== this.name || entry.identity.clientId !== identity.clientId) {
      sendRpcError(res, 404, `Session not found: ${id}`, -32001);
      return undefined;
    }
    return entry;
  }

  async #post(req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<void> {
    if (
      !accepts(req.headers.accept, 'application/json') ||
      !accepts(req.headers.accept, 'text/event-stream')
    ) {
      return sendRpcError(
        res,
        406,
        'Not Acceptable: Accept must list both application/json and text/event-stream',
      );
    }
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return sendRpcError(
        res,
        415,
        'Unsupported Media Type: Content-Type must be application/json',
      );
    }
    let body: string;
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch (error) {
      return sendRpcError(
        res,
        error instanceof HttpError ? error.status : 400,
        (error as Error).message,
      );
    }
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch (error) {
      return sendRpcError(res, 400, `Parse error: ${(error as Error).message}`, -32700);
    }
    if (Array.isArray(raw)) {
      return sendRpcError(
        res,
        400,
        'JSON-RPC batches are not supported (removed in MCP 2025-06-18); send one message per request',
      );
    }
    const parsed = JSONRPCMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id =
        typeof (raw as { id?: unknown })?.id === 'string' ||
        typeof (raw as { id?: unknown })?.id === 'number'
          ? (raw as { id: string | number }).id
          : null;
      return sendRpcError(
        res,
        400,
        `Invalid Request: not a JSON-RPC 2.0 message (${parsed.error.issues[0]?.message ?? 'bad shape'})`,
        -32600,
        id,
      );
    }
    const message = parsed.data as JSONRPCMessage;
    // Method check first: on any other message the zod schema fails, and building that failure
    // cost about as much as validating the message itself (see bench/).
    if ('method' in message && message.method === 'initialize' && isInitializeRequest(message))
      return this.#initialize(message, res, identity);
    const entry = this.#session(req, res, identity);
    if (entry) entry.transport.receive(message, res);
  }

  async #initialize(
    message: JSONRPCMessage & { params: { protocolVersion: string } },
    res: ServerResponse,
    identity: Identity,
  ): Promise<void> {
    const sessionId = randomUUID();
    let session: GatewaySession;
    try {
      session = await this.createSession(sessionId, identity);
    } catch (error) {
      return sendRpcError(
        res,
        503,
        (error as Error).message,
        -32603,
        'id' in message ? (message.id as string | number) : null,
      );
    }
    const transport = new HttpSessionTransport(sessionId);
    transport.protocolVersion = message.params.protocolVersion;
    const entry: McpSessionEntry = { endpoint: this.name, identity, transport, session };
    this.sessions.set(sessionId, entry);
    session.onclose = () => this.sessions.delete(sessionId);
    await session.connect(transport);
    transport.receive(message, res);
  }

  #get(req: IncomingMessage, res: ServerResponse, identity: Identity): void {
    if (!accepts(req.headers.accept, 'text/event-stream')) {
      return sendRpcError(res, 406, 'Not Acceptable: GET needs Accept: text/event-stream');
    }
    const entry = this.#session(req, res, identity);
    if (!entry) return;
    const lastEventId = req.headers['last-event-id'];
    const outcome = entry.transport.openStream(
      res,
      typeof lastEventId === 'string' ? lastEventId : undefined,
    );
    if (outcome === 'conflict')
      sendRpcError(res, 409, 'Conflict: this session already has an open GET stream');
    if (outcome === 'unknown-event')
      sendRpcError(res, 400, `Unknown Last-Event-ID "${String(lastEventId)}"`);
  }

  async #delete(req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<void> {
    const entry = this.#session(req, res, identity);
    if (!entry) return;
    this.sessions.delete(entry.transport.sessionId);
    await entry.transport.close();
    await entry.session.close();
    res.writeHead(200).end();
  }
}
