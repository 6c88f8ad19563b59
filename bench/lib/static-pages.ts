/**
 * The floor for a full tools/list: an HTTP server in this process that answers tools/list with
 * pages serialized beforehand (the very pages the gateway sent), and does nothing else. What a
 * client spends receiving and parsing ~3.7 MB of JSON is in it; what a gateway could still
 * save is the difference.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Page = { tools: unknown[]; nextCursor?: string };

export async function startStaticPages(
  pages: Page[],
): Promise<{ url: URL; close: () => Promise<void> }> {
  const byCursor = new Map<string, Buffer>();
  pages.forEach((page, i) =>
    byCursor.set(i ? pages[i - 1]!.nextCursor! : '', Buffer.from(JSON.stringify(page))),
  );
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST') return void res.writeHead(200).end();
      const message = JSON.parse(Buffer.concat(chunks).toString()) as {
        id?: number;
        method: string;
        params?: { cursor?: string; protocolVersion?: string };
      };
      if (message.id === undefined) return void res.writeHead(202).end();
      const result =
        message.method === 'initialize'
          ? Buffer.from(JSON.stringify({ protocolVersion: message.params?.protocolVersion }))
          : byCursor.get(message.params?.cursor ?? '');
      if (!result) return void res.writeHead(400).end();
      const head = Buffer.from('{"result":');
      const tail = Buffer.from(`,"jsonrpc":"2.0","id":${message.id}}`);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': head.length + result.length + tail.length,
        'mcp-session-id': 'static',
      });
      res.cork();
      res.write(head);
      res.write(result);
      res.end(tail);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
