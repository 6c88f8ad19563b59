/**
 * `switchboard install|update|uninstall` as a user runs them: against a running gateway (the
 * server starts at once, progress printed) and with none running (the servers file is written).
 * The catalog is a registry on loopback, plus the bundled catalog for the offline case.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/gateway/config/settings.ts';
import { runCli, serveCli, type Serving } from '../helpers/cli-process.ts';

const entry = {
  server: {
    name: 'io.example/memory',
    description: 'A knowledge graph memory',
    version: '2026.8.31',
    packages: [
      {
        registryType: 'npm',
        identifier: '@modelcontextprotocol/server-memory',
        version: '2026.8.31',
        transport: { type: 'stdio' },
      },
    ],
  },
};

const entries = (config: string) =>
  (
    JSON.parse(readFileSync(config, 'utf8')) as {
      mcpServers: Record<string, Record<string, unknown>>;
    }
  ).mcpServers;

describe('switchboard install', () => {
  let registry: Server;
  let registryUrl: string;
  let dir: string;
  beforeAll(async () => {
    registry = createServer((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ servers: [entry], metadata: { count: 1 } })),
    );
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'switchboard-install-cli-'));
  });
  afterAll(() => {
    registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains itself with --help', async () => {
    for (const command of ['install', 'uninstall', 'update']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: switchboard ${command}`);
    }
    expect((await runCli(['install', '--help'])).stdout).toContain('--set <KEY=VALUE>');
  });

  describe('with a gateway running', () => {
    let serving: Serving;
    let dataDir: string;
    let config: string;
    beforeAll(async () => {
      dataDir = join(dir, 'running');
      config = join(dir, 'running.json');
      writeFileSync(config, JSON.stringify({ mcpServers: {} }));
      new SettingsStore(dataDir).read();
      writeFileSync(
        new SettingsStore(dataDir).file,
        JSON.stringify({ catalog: { registryUrl, cacheMinutes: 0 } }),
      );
      serving = await serveCli(config, dataDir);
    });
    afterAll(async () => {
      serving.child.kill('SIGTERM');
      await serving.exited;
    });

    it('installs through it with progress, and the server runs at once', async () => {
      const run = await runCli([
        'install',
        'io.example/memory@2026.8.31',
        '--data-dir',
        dataDir,
        '--name',
        'notes',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        `Installing io.example/memory@2026.8.31 into the running gateway at ${serving.url}`,
      );
      expect(run.stderr).toMatch(/\[#{30}\] 100%/);
      expect(run.stdout).toBe('Installed "notes".\n');
      expect(entries(config).notes).toMatchObject({
        install: { source: 'npm', version: '2026.8.31' },
      });
      const list = await runCli(['servers', 'list', '--data-dir', dataDir, '--json']);
      expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'notes' })]);

      expect((await runCli(['update', '--data-dir', dataDir])).stdout).toBe(
        'Every installed server is up to date.\n',
      );
      const again = await runCli([
        'install',
        'io.example/memory',
        '--data-dir',
        dataDir,
        '--name',
        'notes',
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('a server named "notes" is already configured');

      const removed = await runCli(['uninstall', 'notes', '--data-dir', dataDir]);
      expect(removed.stdout).toBe('Uninstalled "notes", its files and 0 secrets.\n');
      expect(entries(config).notes).toBeUndefined();
      expect(existsSync(join(dataDir, 'servers/notes'))).toBe(false);
    });
  });

  describe('with no gateway running', () => {
    it('writes the servers file from the bundled catalog, and names what is missing', async () => {
      const dataDir = join(dir, 'offline');
      const config = join(dir, 'offline.json');
      const base = ['--data-dir', dataDir, '--config', config, '--offline'];
      const docs = await runCli([
        'install',
        'io.github.cloudflare/mcp-server-cloudflare-docs',
        ...base,
      ]);
      expect(docs.code, docs.stderr).toBe(0);
      expect(docs.stderr).toContain(`into ${config} (no gateway is running`);
      expect(entries(config)['cloudflare-docs']).toMatchObject({
        type: 'http',
        url: 'https://docs.mcp.cloudflare.com/mcp',
        install: { source: 'remote' },
      });
      const grafana = await runCli(['install', 'io.github.grafana/mcp-grafana', ...base]);
      expect(grafana.code).toBe(1);
      expect(grafana.stderr).toContain('missing required setting: GRAFANA_URL');
      const unknown = await runCli(['install', 'nope/nothing', ...base]);
      expect(unknown.stderr).toContain('no catalog entry named "nope/nothing"');
      expect((await runCli(['uninstall', 'cloudflare-docs', ...base])).code).toBe(0);
      expect(entries(config)).toEqual({});
    });
  });
});
