import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_BUNDLE_BYTES,
  readBundle,
  safeEntryPath,
} from '../../electron/gateway/installs/mcpb/bundle-archive.ts';
import { bundleEntry } from '../../electron/gateway/installs/mcpb/bundle-install.ts';
import {
  bundleSettings,
  checkBundleValues,
  parseManifest,
} from '../../electron/gateway/installs/mcpb/bundle-manifest.ts';
import { fillSettings } from '../../electron/gateway/installs/install-plan.ts';
import { GREETER_MANIFEST, writeBundle } from '../helpers/mcpb-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-mcpb-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the manifest', () => {
  it('names the field that is wrong, and the bundle', () => {
    const broken = structuredClone(GREETER_MANIFEST) as Record<string, unknown>;
    (broken.server as { mcp_config: Record<string, unknown> }).mcp_config.command = 42;
    expect(() => parseManifest(JSON.stringify(broken), 'greeter.mcpb')).toThrow(
      'greeter.mcpb: manifest.json: server.mcp_config.command: Invalid input: expected string, received number',
    );
    const { author: _author, ...noAuthor } = GREETER_MANIFEST;
    expect(() => parseManifest(JSON.stringify(noAuthor), 'x.mcpb')).toThrow(
      /x\.mcpb: manifest\.json: author: /,
    );
    const { manifest_version: _version, ...unversioned } = GREETER_MANIFEST;
    expect(() => parseManifest(JSON.stringify(unversioned), 'x.mcpb')).toThrow(
      'x.mcpb: manifest.json: manifest_version: is required',
    );
    expect(() => parseManifest('{ nope', 'x.mcpb')).toThrow(/manifest\.json is not valid JSON/);
  });

  it('accepts the older dxt_version and unknown keys', () => {
    const { manifest_version: _version, ...rest } = GREETER_MANIFEST;
    expect(
      parseManifest(JSON.stringify({ ...rest, dxt_version: '0.1', icon: 'i.png' }), 'x').name,
    ).toBe('greeter');
  });

  it('turns user_config into settings: sensitive ones are secrets', () => {
    const manifest = parseManifest(JSON.stringify(GREETER_MANIFEST), 'x');
    expect(bundleSettings(manifest)).toEqual([
      expect.objectContaining({
        name: 'greeting',
        isSecret: false,
        default: 'hello',
        target: 'argument',
      }),
      expect.objectContaining({ name: 'api_key', isSecret: true, isRequired: true, target: 'env' }),
    ]);
  });

  it('checks numbers and booleans', () => {
    const manifest = parseManifest(
      JSON.stringify({
        ...GREETER_MANIFEST,
        user_config: {
          depth: { type: 'number', title: 'Depth', min: 1, max: 5 },
          verbose: { type: 'boolean', title: 'Verbose' },
        },
      }),
      'x',
    );
    expect(() => checkBundleValues(manifest, { depth: 'deep' })).toThrow('depth must be a number');
    expect(() => checkBundleValues(manifest, { depth: '9' })).toThrow('depth must be at most 5');
    expect(() => checkBundleValues(manifest, { verbose: 'yes' })).toThrow(
      /verbose must be true or false/,
    );
    expect(() => checkBundleValues(manifest, { depth: '3', verbose: 'true' })).not.toThrow();
  });
});

describe('the entry', () => {
  it('fills __dirname and user_config, and keeps sensitive values as references', () => {
    const manifest = parseManifest(JSON.stringify(GREETER_MANIFEST), 'x');
    const filled = fillSettings(bundleSettings(manifest), { api_key: 'k', greeting: 'hi' });
    expect(bundleEntry(manifest, '/data/servers/greeter', filled)).toEqual({
      command: 'node',
      args: ['/data/servers/greeter/server/index.js', 'hi'],
      env: { GREETER_API_KEY: '${secret:api_key}' },
    });
  });

  it('gives one argument per line of a multiple value, and refuses a secret argument', () => {
    const manifest = parseManifest(
      JSON.stringify({
        ...GREETER_MANIFEST,
        server: {
          ...GREETER_MANIFEST.server,
          mcp_config: { command: 'node', args: ['${user_config.dirs}'], env: {} },
        },
        user_config: { dirs: { type: 'directory', title: 'Folders', multiple: true } },
      }),
      'x',
    );
    const filled = fillSettings(bundleSettings(manifest), { dirs: '/a\n/b' });
    expect(bundleEntry(manifest, '/d', filled).args).toEqual(['/a', '/b']);
    const secretArg = parseManifest(
      JSON.stringify({
        ...GREETER_MANIFEST,
        server: {
          ...GREETER_MANIFEST.server,
          mcp_config: { command: 'node', args: ['${user_config.api_key}'], env: {} },
        },
      }),
      'x',
    );
    expect(() =>
      bundleEntry(secretArg, '/d', fillSettings(bundleSettings(secretArg), { api_key: 'k' })),
    ).toThrow('api_key is a secret passed as an argument');
  });
});

describe('the archive', () => {
  it('refuses paths that leave the bundle folder', async () => {
    expect(safeEntryPath('server/index.js')).toBe('server/index.js');
    expect(safeEntryPath('../evil.js')).toBeUndefined();
    expect(safeEntryPath('a/../../evil.js')).toBeUndefined();
    expect(safeEntryPath('/etc/passwd')).toBeUndefined();
    expect(safeEntryPath('C:\\Windows\\x.dll')).toBeUndefined();
    const file = writeBundle(join(dir, 'slip.mcpb'), GREETER_MANIFEST, { '../evil.js': 'x' });
    await expect(readBundle(file)).rejects.toThrow(
      'slip.mcpb: holds a file outside the bundle folder: "../evil.js"',
    );
  });

  it('refuses a file that is not a zip, one without a manifest, and a missing entry point', async () => {
    const text = join(dir, 'text.mcpb');
    writeFileSync(text, 'just text');
    await expect(readBundle(text)).rejects.toThrow(
      /text\.mcpb: is not a valid \.mcpb \(zip\) archive/,
    );
    await expect(readBundle(join(dir, 'absent.mcpb'))).rejects.toThrow(
      /absent\.mcpb: cannot be read/,
    );
    const bare = join(dir, 'bare.mcpb');
    writeFileSync(bare, zipSync({ 'server/index.js': strToU8('') }));
    await expect(readBundle(bare)).rejects.toThrow('bare.mcpb: has no manifest.json at its root');
    const moved = writeBundle(join(dir, 'moved.mcpb'), {
      ...GREETER_MANIFEST,
      server: { ...GREETER_MANIFEST.server, entry_point: 'dist/main.js' },
    });
    await expect(readBundle(moved)).rejects.toThrow(
      'moved.mcpb: manifest.json: server.entry_point: "dist/main.js" is not in the bundle',
    );
  });

  it('refuses an archive that claims to unpack to more than the cap, before inflating it', async () => {
    const bytes = zipSync({
      'manifest.json': strToU8(JSON.stringify(GREETER_MANIFEST)),
      'server/index.js': strToU8('x'.repeat(1000)),
    });
    // The central directory's uncompressed size (offset 24 of each PK\x01\x02 header) is what
    // the cap is checked against: claim 600 MiB for one entry, as a zip bomb would.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at + 4 <= bytes.length; at++)
      if (view.getUint32(at, true) === 0x02014b50 && bytes[at + 46] === 's'.charCodeAt(0))
        view.setUint32(at + 24, MAX_BUNDLE_BYTES + 100 * 1024 * 1024, true);
    const bomb = join(dir, 'bomb.mcpb');
    writeFileSync(bomb, bytes);
    await expect(readBundle(bomb)).rejects.toThrow('bomb.mcpb: unpacks to more than 512 MiB');
  });

  it('reads a good bundle', async () => {
    const bundle = await readBundle(writeBundle(join(dir, 'good.mcpb')));
    expect(bundle.manifest.version).toBe('1.2.0');
    expect([...bundle.files.keys()].sort()).toEqual([
      'manifest.json',
      'server/index.js',
      'server/package.json',
    ]);
  });
});
