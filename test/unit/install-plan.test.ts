// From catalog entries to mcpServers entries: settings asked for, secrets as references, runtimes checked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerJsonSchema } from '../../shared/catalog.ts';
import { FileSecretStore } from '../../electron/gateway/secrets/file-secret-store.ts';
import {
  argumentsOf,
  chooseInstall,
  defaultServerName,
  fillSettings,
  remoteEntry,
  settingsFor,
} from '../../electron/gateway/installs/install-plan.ts';
import { fileTarget } from '../../electron/gateway/installs/install-targets.ts';
import { Installer } from '../../electron/gateway/installs/installer.ts';
import { compareVersions, findUpdates } from '../../electron/gateway/installs/updates.ts';

const server = (extra: Record<string, unknown>) =>
  ServerJsonSchema.parse({
    name: 'io.github.acme/mcp-server-widgets',
    description: 'Widgets',
    version: '1.0.0',
    ...extra,
  });

const grafana = server({
  packages: [
    {
      registryType: 'oci',
      identifier: 'docker.io/acme/widgets:1.0.0',
      version: '1.0.0',
      transport: { type: 'stdio' },
      packageArguments: [{ type: 'named', name: '-t', value: 'stdio' }],
      environmentVariables: [
        { name: 'WIDGETS_URL', isRequired: true },
        { name: 'WIDGETS_TOKEN', isSecret: true },
      ],
    },
  ],
  remotes: [
    {
      type: 'streamable-http',
      url: 'https://{region}.widgets.example/mcp',
      variables: { region: { isRequired: true, choices: ['eu', 'us'] } },
      headers: [
        {
          name: 'Authorization',
          value: 'Bearer {api_key}',
          variables: { api_key: { isSecret: true, isRequired: true } },
        },
        { name: 'X-Team', isRequired: false },
      ],
    },
  ],
});

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('install plans', () => {
  it('offers the first package, or the remote when asked, with exactly its settings', () => {
    expect(chooseInstall(grafana).source).toBe('oci');
    expect(
      settingsFor(chooseInstall(grafana)).map((item) => [item.name, item.isSecret, item.target]),
    ).toEqual([
      ['WIDGETS_URL', false, 'env'],
      ['WIDGETS_TOKEN', true, 'env'],
    ]);
    expect(settingsFor(chooseInstall(grafana, 'remote')).map((item) => item.name)).toEqual([
      'region',
      'api_key',
      'X-Team',
    ]);
    expect(() => chooseInstall(grafana, 'pypi')).toThrow(
      'io.github.acme/mcp-server-widgets has no pypi option (it offers: oci, remote)',
    );
    expect(defaultServerName(grafana)).toBe('widgets');
  });

  it('names missing and unknown settings, and checks choices', () => {
    const fields = settingsFor(chooseInstall(grafana));
    expect(() => fillSettings(fields, {})).toThrow('missing required setting: WIDGETS_URL');
    expect(() => fillSettings(fields, { WIDGETS_URL: 'x', COLOR: 'red' })).toThrow(
      'unknown setting COLOR (this entry takes: WIDGETS_URL, WIDGETS_TOKEN)',
    );
    const remote = settingsFor(chooseInstall(grafana, 'remote'));
    expect(() => fillSettings(remote, { region: 'mars' })).toThrow('region must be one of: eu, us');
  });

  it('fills URL variables and headers; secrets become references, never values', () => {
    const choice = chooseInstall(grafana, 'remote');
    if (choice.source !== 'remote') throw new Error('expected a remote');
    const filled = fillSettings(settingsFor(choice), { region: 'eu', 'X-Team': 'blue' });
    expect(remoteEntry(choice.remote, filled)).toEqual({
      type: 'http',
      url: 'https://eu.widgets.example/mcp',
      headers: { Authorization: 'Bearer ${secret:api_key}', 'X-Team': 'blue' },
    });
    const secretive = fillSettings(
      [{ name: 'api-key', isRequired: true, isSecret: true, target: 'header' }],
      { 'api-key': 'k-123' },
    );
    expect(secretive.valueOf('api-key')).toBe('${secret:api-key}');
    expect(secretive.secrets).toEqual({ 'api-key': 'k-123' });
  });

  it('builds arguments: fixed values, named flags, repeated positionals one per line', () => {
    const filled = fillSettings(
      [{ name: 'allowed_directory', isRequired: true, isSecret: false, target: 'argument' }],
      { allowed_directory: '/a\n/b\n' },
    );
    expect(
      argumentsOf(
        [
          { type: 'named', name: '-t', value: 'stdio' },
          { type: 'positional', valueHint: 'allowed_directory', isRepeated: true },
        ],
        filled,
      ),
    ).toEqual(['-t', 'stdio', '/a', '/b']);
  });

  it('says which runtime to install for an OCI image or a PyPI package, and saves nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-plan-'));
    dirs.push(dir);
    const file = join(dir, 'mcp.json');
    const installer = new Installer({
      dataDir: dir,
      secrets: new FileSecretStore(dir),
      target: fileTarget(file),
      path: join(dir, 'empty-bin'),
    });
    await expect(
      installer.install({ server: grafana, values: { WIDGETS_URL: 'http://g' } }),
    ).rejects.toThrow(
      /^OCI images run with docker or podman, and neither is installed: install Docker/,
    );
    const pypi = server({
      packages: [
        {
          registryType: 'pypi',
          identifier: 'widgets-mcp',
          version: '2.0.0',
          transport: { type: 'stdio' },
        },
      ],
    });
    await expect(installer.install({ server: pypi })).rejects.toThrow(
      /^PyPI servers run with uvx, which is not installed: install uv/,
    );
    expect(await fileTarget(file).entries()).toEqual({});
  });

  it('saves a remote with its header secret in the store and a reference in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-plan-'));
    dirs.push(dir);
    const file = join(dir, 'mcp.json');
    const secrets = new FileSecretStore(dir);
    const installer = new Installer({ dataDir: dir, secrets, target: fileTarget(file) });
    const docs = server({
      remotes: [
        {
          type: 'sse',
          url: 'https://docs.example/sse',
          headers: [{ name: 'Authorization', isSecret: true, isRequired: true }],
        },
      ],
    });
    const result = await installer.install({
      server: docs,
      name: 'docs',
      values: { Authorization: 'Bearer t0k' },
    });
    expect(result.missingSecrets).toEqual([]);
    expect((await fileTarget(file).entries()).docs).toMatchObject({
      type: 'sse',
      url: 'https://docs.example/sse',
      headers: { Authorization: '${secret:Authorization}' },
      install: { source: 'remote', catalog: docs.name },
    });
    expect(await secrets.get('docs/Authorization')).toBe('Bearer t0k');
    await expect(installer.install({ server: docs, name: 'docs' })).rejects.toThrow(
      'a server named "docs" is already configured',
    );
    expect(await installer.uninstall('docs')).toEqual({ files: false, secrets: 1 });
    expect(await fileTarget(file).entries()).toEqual({});
  });
});

describe('updates', () => {
  it('compares versions part by part, pre-releases first', () => {
    expect(compareVersions('2026.8.31', '2026.7.4')).toBe(1);
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.0.0-beta', '1.0.0')).toBe(-1);
    expect(compareVersions('v1.2', '1.2.0')).toBe(0);
  });

  it('lists installed servers whose catalog entry is newer, nothing else', () => {
    const entries = {
      a: { command: 'uvx', install: { source: 'pypi', catalog: 'x/a', version: '1.0.0' } },
      b: { command: 'node', install: { source: 'npm', catalog: 'x/b', version: '2.0.0' } },
      handmade: { command: 'npx' },
    };
    const catalog = (version: string, registryType: string) =>
      server({
        packages: [{ registryType, identifier: 'p', version, transport: { type: 'stdio' } }],
      });
    const lookup = (name: string) =>
      name === 'x/a' ? catalog('1.1.0', 'pypi') : catalog('2.0.0', 'npm');
    expect(findUpdates(entries, lookup)).toEqual([
      { server: 'a', catalog: 'x/a', from: '1.0.0', to: '1.1.0' },
    ]);
  });
});
