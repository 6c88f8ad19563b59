import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, StaticFiles } from '../../electron/gateway/http/static-files.ts';

type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

function get(
  port: number,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function serve(files: StaticFiles): Promise<Server> {
  const server = createServer((req, res) => {
    void files.serve(req, res, new URL(req.url ?? '/', 'http://x.invalid'));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('dashboard static files', () => {
  let root: string;
  let server: Server;
  let empty: Server;
  let port: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'switchboard-static-'));
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Switchboard</title>');
    writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'index-abc.css'), 'body{}');
    writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
    writeFileSync(join(root, 'secret.txt'), 'outside');
    server = await serve(new StaticFiles(dist));
    empty = await serve(new StaticFiles(join(root, 'missing')));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => {
    server.close();
    empty.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / with a strict CSP and no caching', async () => {
    const answer = await get(port, '/');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("default-src 'self'");
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).toContain("connect-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.body).toContain('<title>Switchboard</title>');
  });

  it('serves assets with their content types, cached for good', async () => {
    const js = await get(port, '/assets/index-abc.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await get(port, '/assets/index-abc.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    expect((await get(port, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('answers page paths it does not know with index.html, missing assets with 404', async () => {
    const page = await get(port, '/clients');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Switchboard</title>');
    expect((await get(port, '/assets/nope.js')).status).toBe(404);
    // Relative asset URLs resolved against a deeper path still find the asset.
    expect((await get(port, '/some/page/assets/index-abc.js')).body).toBe('console.log(1)');
  });

  it('never serves a file outside its directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const answer = await get(port, path);
      expect(answer.body).not.toContain('outside');
    }
    expect((await get(port, '/%E0%A4%A')).status).toBe(400);
  });

  it('supports HEAD and conditional GET, refuses other methods', async () => {
    const head = await get(port, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const etag = String(head.headers.etag);
    expect((await get(port, '/', 'GET', { 'if-none-match': etag })).status).toBe(304);
    const post = await get(port, '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('says how to build the dashboard when it is missing', async () => {
    const answer = await get((empty.address() as AddressInfo).port, '/');
    expect(answer.status).toBe(503);
    expect(answer.body).toContain('npm run build:renderer');
  });
});
