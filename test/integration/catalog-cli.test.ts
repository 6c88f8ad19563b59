/**
 * `switchboard catalog` as a user runs it: against a registry speaking the MCP Registry API on
 * loopback, then with that registry gone (the cached listing, and it says so), then offline
 * (the bundled catalog). A malformed registry entry is named and left out; the rest still show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process.ts';

const entry = (name: string, description: string, extra: Record<string, unknown> = {}) => ({
  server: {
    name,
    description,
    version: '1.2.3',
    packages: [
      {
        registryType: 'npm',
        identifier: `@example/${name.split('/')[1]}`,
        version: '1.2.3',
        transport: { type: 'stdio' },
        environmentVariables: [{ name: 'ZEBRA_TOKEN', isSecret: true, isRequired: true }],
      },
    ],
    ...extra,
  },
  _meta: { 'io.modelcontextprotocol.registry/official': { status: 'active', isLatest: true } },
});

describe('switchboard catalog', () => {
  let registry: Server;
  let url: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-catalog-'));
    registry = createServer((request, response) => {
      const page = new URL(request.url!, 'http://x').searchParams.get('cursor');
      const body =
        page === null
          ? {
              servers: [entry('io.example/zebra-tracker', 'Tracks zebras in the savanna')],
              metadata: { nextCursor: 'p2', count: 1 },
            }
          : {
              servers: [entry('io.example/broken', ''), entry('io.example/okapi', 'Finds okapis')],
              metadata: { count: 2 },
            };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    registry.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const search = (...args: string[]) =>
    runCli(['catalog', 'search', ...args, '--data-dir', dataDir, '--registry', url]);

  it('searches the live registry (every page) with the bundled catalog, naming a bad entry', async () => {
    const run = await search('zebra');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^NAME\s+KIND\s+SECRET\s+DESCRIPTION\n/);
    expect(run.stdout.split('\n')[1]).toMatch(
      /^io\.example\/zebra-tracker\s+npm\s+yes\s+Tracks zebras/,
    );
    expect(run.stdout).toContain(
      `Source: the MCP Registry at ${url} (fetched just now), and the bundled catalog.`,
    );
    expect(run.stderr).toMatch(
      /Left out entry 1 \(io\.example\/broken\) of the MCP Registry at http:\/\/127\.0\.0\.1:\d+: description: /,
    );
    const okapi = await search('okapi', '--json');
    const parsed = JSON.parse(okapi.stdout) as {
      source: { kind: string };
      entries: { name: string; settings: unknown[] }[];
    };
    expect(parsed.source.kind).toBe('cache'); // fetched a moment ago: not asked again
    expect(parsed.entries[0]).toMatchObject({
      name: 'io.example/okapi',
      settings: [{ name: 'ZEBRA_TOKEN', isSecret: true, isRequired: true }],
    });
  });

  it('falls back to the cached listing when the registry is gone, and says why', async () => {
    registry.closeAllConnections();
    await new Promise((resolve) => registry.close(resolve)); // nothing answers at its address now
    const run = await search('zebra', '--refresh');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('io.example/zebra-tracker');
    expect(run.stdout).toMatch(
      /Source: the cached registry listing \(fetched just now\) and the bundled catalog \(registry not used: could not reach the registry at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\)\./,
    );
  });

  it('works offline from the bundled catalog, with filters, and shows one entry in full', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'switchboard-catalog-offline-'));
    const run = await runCli([
      'catalog',
      'search',
      'files',
      '--offline',
      '--kind',
      'npm',
      '--data-dir',
      fresh,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/io\.github\.modelcontextprotocol\/server-filesystem/);
    expect(run.stdout).toContain('Source: the bundled catalog only (offline).');
    const secretless = await runCli([
      'catalog',
      'search',
      '--offline',
      '--no-secret',
      '--json',
      '--limit',
      '500',
      '--data-dir',
      fresh,
    ]);
    const entries = (JSON.parse(secretless.stdout) as { entries: { needsSecret: boolean }[] })
      .entries;
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.every((item) => !item.needsSecret)).toBe(true);
    const show = await runCli([
      'catalog',
      'show',
      'server-filesystem',
      '--offline',
      '--data-dir',
      fresh,
    ]);
    expect(show.stdout).toMatch(
      /Package: npm @modelcontextprotocol\/server-filesystem@\S+ over stdio/,
    );
    const missing = await runCli([
      'catalog',
      'show',
      'no-such-server',
      '--offline',
      '--data-dir',
      fresh,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no catalog entry named "no-such-server"');
    const bad = await runCli([
      'catalog',
      'search',
      '--kind',
      'deb',
      '--offline',
      '--data-dir',
      fresh,
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--kind.*use one of npm, pypi, oci, mcpb, nuget, remote/);
    rmSync(fresh, { recursive: true, force: true });
  });
});
