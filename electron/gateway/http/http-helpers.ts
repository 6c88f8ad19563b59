import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  readonly status: number;

  readonly rpcCode: number;

  constructor(status: number, message: string, rpcCode = -32600) {
    super(message);
    this.status = status;
    this.rpcCode = rpcCode;
  }
}

/** Reads a request body up to `limit` bytes; a larger body is refused with 413 before it is all read. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    return Promise.reject(
      new HttpError(413, `request body is ${declared} bytes; the limit is ${limit}`),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return; // refused already: the rest is read and dropped
      size += chunk.length;
      if (size > limit) {
        // Not req.destroy(): that would take the socket before the 413 is written.
        chunks.length = 0;
        reject(new HttpError(413, `request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A JSON-RPC error as an HTTP answer (id null: the request could not be read far enough to know it). */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  code = -32600,
  id: string | number | null = null,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    })
    .end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...headers,
    })
    .end(body);
}

/** True when an Accept header admits the media type (exact, `type/*` or `*\/*`). */
export function accepts(header: string | undefined, mediaType: string): boolean {
  if (!header) return false;
  const [type] = mediaType.split('/');
  return header.split(',').some((part) => {
    const value = part.split(';')[0]!.trim().toLowerCase();
    return value === mediaType || value === `${type}/*` || value === '*/*';
  });
}
