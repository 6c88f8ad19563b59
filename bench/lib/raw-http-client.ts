/**
 * A deliberately lean Streamable HTTP client: one keep-alive agent, raw JSON-RPC POSTs, plain-JSON
 * answers parsed directly (an SSE answer is read too, should the server choose one). It measures
 * the server, not a client library.
 */
import http from 'node:http';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

type Answer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: Buffer;
};
type RpcMessage = { id?: unknown; result?: unknown; error?: unknown };

export class RawMcpClient {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  readonly #url: URL;
  #headers: Record<string, string>;
  #nextId = 1;
  #session: string | undefined;

  /** `headers` go with every request (e.g. Authorization). */
  constructor(url: URL, headers: Record<string, string> = {}) {
    this.#url = url;
    this.#headers = {
      ...headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
  }

  /** initialize, then notifications/initialized; later requests carry the session and version. */
  async initialize(): Promise<void> {
    const { result, headers } = await this.#call('initialize', {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'switchboard-bench-raw', version: '1.0.0' },
    });
    const session = headers['mcp-session-id'];
    if (typeof session !== 'string') throw new Error('initialize: no Mcp-Session-Id header');
    this.#session = session;
    this.#headers = {
      ...this.#headers,
      'mcp-session-id': session,
      'mcp-protocol-version':
        (result as { protocolVersion?: string } | undefined)?.protocolVersion ??
        LATEST_PROTOCOL_VERSION,
    };
    const answer = await this.#request(
      'POST',
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    );
    if (answer.status !== 202) throw new Error(`notifications/initialized: ${describe(answer)}`);
  }

  /** One JSON-RPC request; returns its result or throws its error. */
  async rpc(method: string, params: unknown): Promise<unknown> {
    return (await this.#call(method, params)).result;
  }

  /**
   * One JSON-RPC request whose answer is only received, not decoded or parsed: the time it takes
   * is the server's (and the wire's), not the client's JSON.parse. The caller checks the bytes.
   */
  async rpcBytes(method: string, params: unknown): Promise<Buffer> {
    const body = JSON.stringify({ jsonrpc: '2.0', id: this.#nextId++, method, params });
    const answer = await this.#request('POST', body, 'bytes');
    if (answer.status !== 200) throw new Error(`${method}: ${describe(answer)}`);
    return answer.bytes;
  }

  /** Ends the session (DELETE) and closes the sockets. */
  async close(): Promise<void> {
    if (this.#session !== undefined) {
      this.#session = undefined;
      await this.#request('DELETE').catch(() => {});
    }
    this.#agent.destroy();
  }

  async #call(
    method: string,
    params: unknown,
  ): Promise<{ result: unknown; headers: http.IncomingHttpHeaders }> {
    const id = this.#nextId++;
    const answer = await this.#request(
      'POST',
      JSON.stringify({ jsonrpc: '2.0', id, method, params }),
    );
    if (answer.status !== 200) throw new Error(`${method}: ${describe(answer)}`);
    const message = responseFor(answer, id);
    if (message.error)
      throw new Error(`${method}: JSON-RPC error ${JSON.stringify(message.error)}`);
    return { result: message.result, headers: answer.headers };
  }

  #request(
    method: 'POST' | 'DELETE',
    body?: string,
    read: 'text' | 'bytes' = 'text',
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers =
        body === undefined
          ? this.#headers
          : { ...this.#headers, 'content-length': Buffer.byteLength(body) };
      const req = http.request(
        {
          agent: this.#agent,
          host: this.#url.hostname,
          port: this.#url.port,
          path: this.#url.pathname,
          method,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            const text = read === 'text' || res.statusCode !== 200 ? bytes.toString('utf8') : '';
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, bytes });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

function describe(answer: Answer): string {
  return `HTTP ${answer.status} ${answer.body.slice(0, 300)}`;
}

/** The answer to request `id`, from a plain JSON body or from the events of an SSE body. */
function responseFor(answer: Answer, id: number): RpcMessage {
  const type = answer.headers['content-type'] ?? '';
  let messages: RpcMessage[];
  if (type.startsWith('application/json')) {
    messages = [JSON.parse(answer.body) as RpcMessage];
  } else if (type.startsWith('text/event-stream')) {
    messages = answer.body
      .split('\n\n')
      .map((event) =>
        event
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n'),
      )
      .filter((data) => data !== '')
      .map((data) => JSON.parse(data) as RpcMessage);
  } else {
    throw new Error(`unexpected content-type "${type}"`);
  }
  const message = messages.find((m) => m.id === id && ('result' in m || 'error' in m));
  if (!message) throw new Error(`no answer for id ${id}: ${answer.body.slice(0, 300)}`);
  return message;
}
