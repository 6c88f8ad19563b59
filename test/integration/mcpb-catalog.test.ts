/**
 * A catalog entry whose package is an MCPB bundle: a loopback server speaks the registry API
 * and serves the bundle file. The plan asks for the bundle manifest's user_config (the bundle
 * is fetched and its sha256 checked first), the install runs as a job with progress, and the
 * server's tool answers. A bundle whose bytes do not match the entry's fileSha256 is refused.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallProgress } from '../../shared/install.ts';
import type { HttpEngineApi } from '../../shared/http-engine-client.ts';
import { adminApi, startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { writeBundle } from '../helpers/mcpb-bundle.ts';

describe('installing a catalog entry that is an MCPB bundle', () => {
  let dir: string;
  let registry: Server;
  let harness: Harness;
  let api: HttpEngineApi;
  const progress: InstallProgress[] = [];
  const waiters = new Set<() => void>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-mcpb-catalog-'));
    const bundle = readFileSync(writeBundle(join(dir, 'greeter.mcpb')));
    const sha256 = createHash('sha256').update(bundle).digest('hex');
    registry = createServer((request, response) => {
      if (request.url?.startsWith('/bundles/'))
        return void response.writeHead(200, { 'content-type': 'application/zip' }).end(bundle);
      const base = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
      const entry = (name: string, hash: string) => ({
        server: {
          name,
          description: 'Greets people, from a bundle',
          version: '1.2.0',
          packages: [
            {
              registryType: 'mcpb',
              identifier: `${base}/bundles/greeter.mcpb`,
              fileSha256: hash,
              transport: { type: 'stdio' },
            },
          ],
        },
      });
      const servers = [
        entry('io.example/greeter', sha256),
        entry('io.example/tampered', '0'.repeat(64)),
      ];
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ servers, metadata: { count: 2 } }));
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
    const configFile = join(dir, 'mcp.json');
    writeFileSync(configFile, JSON.stringify({ mcpServers: {} }));
    harness = await startGateway([], {
      configFile,
      settings: { catalog: { registryUrl, cacheMinutes: 0 } },
    });
    api = adminApi(harness);
    api.subscribe('installs:progress', (item) => {
      progress.push(item);
      for (const wake of waiters) wake();
    });
    await api.ready();
  });
  afterAll(async () => {
    api.close();
    await harness.close();
    registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function finished(id: string): Promise<InstallProgress> {
    return new Promise((resolve) => {
      const check = () => {
        const last = progress.filter((item) => item.id === id).at(-1);
        if (last?.phase !== 'done' && last?.phase !== 'failed') return;
        waiters.delete(check);
        resolve(last);
      };
      waiters.add(check);
      check();
    });
  }

  it("asks for the manifest's settings, installs, and the tool answers", async () => {
    const plan = await api.call('installs:plan', { catalog: 'io.example/greeter' });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.value.source).toBe('mcpb');
    expect(plan.value.settings.map((field) => [field.name, field.isSecret])).toEqual([
      ['greeting', false],
      ['api_key', true],
    ]);
    const started = await api.call('installs:start', {
      catalog: 'io.example/greeter',
      values: { greeting: 'howdy', api_key: 'key-42' },
      defaultPolicy: 'allow',
    });
    if (!started.ok) throw new Error(started.error.message);
    const last = await finished(started.value.id);
    expect(last).toMatchObject({ phase: 'done', server: 'greeter' });
    await harness.gateway.whenSettled();
    const client = await harness.connect();
    const result = await client.callTool({ name: 'greeter__greet', arguments: { who: 'Bo' } });
    expect(result.content).toEqual([{ type: 'text', text: 'howdy, Bo (key of 6 characters)' }]);
    await client.close();
    const entry = JSON.parse(readFileSync(join(dir, 'mcp.json'), 'utf8')).mcpServers.greeter;
    expect(entry.install).toMatchObject({ source: 'mcpb', catalog: 'io.example/greeter' });
  });

  it('refuses a bundle whose sha256 does not match the entry', async () => {
    const plan = await api.call('installs:plan', { catalog: 'io.example/tampered' });
    expect(plan).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-params',
        message: expect.stringMatching(/the catalog says 0{64}: not installed/),
      },
    });
  });
});
