/**
 * Installing an MCPB bundle for real: the test builds a bundle (manifest.json and a
 * self-contained stdio server) with fflate, the gateway installs it through the admin API,
 * starts it and a client calls its tool. The sensitive value is in the secret store and never
 * in the servers file; uninstall leaves nothing. A broken manifest is refused, naming the field.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpEngineApi } from '../../shared/http-engine-client.ts';
import { adminApi, startGateway, type Harness } from '../helpers/gateway-harness.ts';
import { GREETER_MANIFEST, writeBundle } from '../helpers/mcpb-bundle.ts';
import { runCli } from '../helpers/cli-process.ts';

const KEY = 'greeter-key-0123456789';

describe('installing an MCPB bundle', () => {
  let dir: string;
  let configFile: string;
  let harness: Harness;
  let api: HttpEngineApi;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-mcpb-'));
    configFile = join(dir, 'mcp.json');
    writeFileSync(configFile, JSON.stringify({ mcpServers: {} }));
    harness = await startGateway([], { configFile });
    api = adminApi(harness);
  });
  afterAll(async () => {
    api.close();
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs, runs and uninstalls a bundle', async () => {
    const file = writeBundle(join(dir, 'greeter.mcpb'));
    const plan = await api.call('installs:bundle-plan', { file });
    expect(plan.ok && plan.value).toMatchObject({
      name: 'greeter',
      title: 'Greeter',
      version: '1.2.0',
    });
    if (!plan.ok) return;
    expect(plan.value.settings.map((field) => [field.name, field.isSecret])).toEqual([
      ['greeting', false],
      ['api_key', true],
    ]);

    const installed = await api.call('installs:bundle', {
      file,
      values: { greeting: 'ahoy', api_key: KEY },
      defaultPolicy: 'allow',
    });
    expect(installed).toEqual({ ok: true, value: { server: 'greeter', missingSecrets: [] } });
    const saved = readFileSync(configFile, 'utf8');
    expect(saved).not.toContain(KEY);
    expect(saved).toContain('"GREETER_API_KEY": "${secret:api_key}"');
    expect(await harness.gateway.trust.secrets.get('greeter/api_key')).toBe(KEY);
    const serverDir = join(harness.dataDir, 'servers', 'greeter');
    expect(existsSync(join(serverDir, 'server', 'index.js'))).toBe(true);

    await harness.gateway.whenSettled();
    const client = await harness.connect();
    const result = await client.callTool({ name: 'greeter__greet', arguments: { who: 'Ann' } });
    expect(result.content).toEqual([
      { type: 'text', text: `ahoy, Ann (key of ${KEY.length} characters)` },
    ]);
    await client.close();

    const removed = await api.call('installs:uninstall', { name: 'greeter' });
    expect(removed).toEqual({ ok: true, value: { files: true, secrets: 1 } });
    expect(existsSync(serverDir)).toBe(false);
    expect(readFileSync(configFile, 'utf8')).not.toContain('greeter');
  });

  it('saves a bundle whose secret is missing, and its status names the secret', async () => {
    const file = writeBundle(join(dir, 'later.mcpb'));
    const installed = await api.call('installs:bundle', { file, name: 'later', values: {} });
    expect(installed).toEqual({
      ok: true,
      value: { server: 'later', missingSecrets: ['api_key'] },
    });
    await harness.gateway.whenSettled();
    const status = harness.gateway.supervisors.get('later')!.summary();
    expect(JSON.stringify(status)).toContain('api_key');
    await api.call('installs:uninstall', { name: 'later' });
  });

  it('refuses a broken manifest, naming the field, and leaves nothing behind', async () => {
    const broken = {
      ...GREETER_MANIFEST,
      server: { ...GREETER_MANIFEST.server, mcp_config: { args: [] } },
    };
    const file = writeBundle(join(dir, 'broken.mcpb'), broken);
    const result = await api.call('installs:bundle', { file, values: { api_key: KEY } });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-params',
        message:
          'broken.mcpb: manifest.json: server.mcp_config.command: Invalid input: expected string, received undefined',
      },
    });
    expect(readdirSync(join(harness.dataDir, 'servers'))).toEqual([]);
    expect(await harness.gateway.trust.secrets.list()).toEqual([]);
  });

  it('installs from the command line with no gateway running', async () => {
    const file = writeBundle(join(dir, 'cli.mcpb'));
    const dataDir = join(dir, 'cli-data');
    const config = join(dir, 'cli.json');
    writeFileSync(config, JSON.stringify({ mcpServers: {} }));
    const help = await runCli(['install', '--help']);
    expect(help.stdout).toContain('FILE.mcpb');
    const run = await runCli(
      ['install', file, '--config', config, '--data-dir', dataDir, '--set', 'greeting=hey'],
      { SWITCHBOARD_SECRET_STORE: 'file' },
    );
    expect(run.stderr).toContain('Installing');
    expect(run.stdout).toContain('Installed "greeter".');
    const entry = JSON.parse(readFileSync(config, 'utf8')).mcpServers.greeter;
    expect(entry.args).toEqual([join(dataDir, 'servers', 'greeter', 'server', 'index.js'), 'hey']);
    expect(entry.install).toMatchObject({ source: 'mcpb', package: 'greeter', version: '1.2.0' });

    // A file by another extension is still a bundle when it is there; --source makes no sense.
    const renamed = writeBundle(join(dir, 'greeter.zip'));
    const other = await runCli(
      ['install', renamed, '--name', 'zipped', '--config', config, '--data-dir', dataDir],
      { SWITCHBOARD_SECRET_STORE: 'file' },
    );
    expect(other.stdout).toContain('Installed "zipped".');
    expect(JSON.parse(readFileSync(config, 'utf8')).mcpServers.zipped.install.source).toBe('mcpb');
    const wrong = await runCli(
      ['install', file, '--source', 'npm', '--config', config, '--data-dir', dataDir],
      { SWITCHBOARD_SECRET_STORE: 'file' },
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--source applies to catalog entries, not to a bundle');
  });
});
