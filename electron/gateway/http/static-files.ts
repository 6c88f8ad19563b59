/**
 * Serves the dashboard build (renderer/dist) at `/` for every GET that is not MCP or /api:
 * real files with their content type, index.html for page paths the dashboard knows nothing
 * about, and a strict CSP on everything. No authentication here: the files hold no data, and
 * everything the dashboard shows comes from /api, which needs the admin session.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_DASHBOARD_DIR = fileURLToPath(
  new URL('../../../renderer/dist/', import.meta.url),
);

/** No inline script or style, no other origin; the page talks to this gateway only. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

export class StaticFiles {
  readonly root: string;

  constructor(root: string = DEFAULT_DASHBOARD_DIR) {
    this.root = normalize(root.endsWith(sep) ? root : `${root}${sep}`);
  }

  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendText(res, 405, `Use GET here, not ${req.method}.\n`, { allow: 'GET, HEAD' });
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return sendText(res, 400, 'The path is not valid percent-encoding.\n');
    }
    if (path.includes('\0')) return sendText(res, 400, 'The path is not valid.\n');

    const file = (await this.#find(path)) ?? (await this.#fallback(path));
    if (file === 'missing-asset') return sendText(res, 404, `Not found: ${url.pathname}\n`);
    if (file === undefined) {
      return sendText(
        res,
        503,
        'The dashboard is not built yet. Run "npm run build:renderer" (npm start and npm test build it when needed), then reload.\n',
      );
    }
    const hashed = file.startsWith(join(this.root, 'assets') + sep);
    const info = await stat(file);
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** The file a path names inside the root, if it exists (never anything outside the root). */
  async #find(path: string): Promise<string | undefined> {
    const relative = path.endsWith('/') ? `${path}index.html` : path;
    const resolved = normalize(join(this.root, relative));
    if (!resolved.startsWith(this.root)) return undefined;
    try {
      return (await stat(resolved)).isFile() ? resolved : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Page paths fall back to index.html (the dashboard routes itself). A missing asset stays a
   * 404 — except one asked for relative to a deeper path (…/x/assets/a.js), which is /assets/a.js.
   */
  async #fallback(path: string): Promise<string | 'missing-asset' | undefined> {
    const assets = path.lastIndexOf('/assets/');
    if (assets > 0) {
      const moved = await this.#find(path.slice(assets));
      if (moved) return moved;
    }
    if (extname(path) !== '')
      return (await this.#find('/index.html')) ? 'missing-asset' : undefined;
    return this.#find('/index.html');
  }
}
