import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { gatewayFilePath, writeGatewayFile } from '../../electron/gateway/cli/runtime-files.ts';
import type { GatewayOptions } from '../../electron/gateway/gateway.ts';
import {
  GatewayHost,
  launchedFromDesktopSession,
  type HostedGateway,
} from '../../electron/main/gateway-host.ts';
import { parseLaunchOptions } from '../../electron/main/launch-options.ts';
import { fakeService, silentLog } from '../helpers/desktop-fakes.ts';

function dataDirWith(servers: string = '{"mcpServers":{}}'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-host-'));
  writeFileSync(join(dir, 'mcp.json'), servers);
  return dir;
}

function host(dataDir: string, extra: Partial<ConstructorParameters<typeof GatewayHost>[0]> = {}) {
  return new GatewayHost({
    dataDir,
    port: 0,
    useLoginShellPath: false,
    createService: () => fakeService(),
    log: silentLog,
    ...extra,
  });
}

describe('the gateway in the main process', () => {
  it('starts the real gateway from the data dir, then stops it and its gateway file', async () => {
    const dataDir = dataDirWith();
    const changes = vi.fn();
    const gatewayHost = host(dataDir);
    gatewayHost.onChange(changes);
    await gatewayHost.start();
    expect(gatewayHost.status).toMatchObject({ state: 'running' });
    expect(gatewayHost.origin()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gatewayHost.service).toBeDefined();
    expect(gatewayHost.consent).toBeDefined();
    expect(existsSync(gatewayFilePath(dataDir))).toBe(true);
    await gatewayHost.stop();
    await gatewayHost.stop(); // twice is fine
    expect(gatewayHost.status).toEqual({ state: 'stopped' });
    expect(gatewayHost.service).toBeUndefined();
    expect(existsSync(gatewayFilePath(dataDir))).toBe(false);
    expect(changes).toHaveBeenCalled();
  });

  it('reports a bad servers file as its status instead of throwing', async () => {
    const gatewayHost = host(dataDirWith('{ not json'));
    await gatewayHost.start();
    expect(gatewayHost.status).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('JSON'),
    });
    await gatewayHost.stop();
  });

  it('a taken port fails the start and leaves the other gateway’s file alone', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dataDir = dataDirWith();
      writeGatewayFile(dataDir, { url: `http://127.0.0.1:${port}`, pid: 1 });
      const gatewayHost = host(dataDir, { port });
      await gatewayHost.start();
      expect(gatewayHost.status.state).toBe('failed');
      await gatewayHost.stop();
      expect(existsSync(gatewayFilePath(dataDir))).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it('stop waits for a start in flight, so no child outlives the app', async () => {
    const order: string[] = [];
    let finishStart!: () => void;
    const fake: HostedGateway = {
      url: '',
      start: () =>
        new Promise((resolve) => {
          finishStart = () => {
            order.push('started');
            resolve({ url: 'http://127.0.0.1:1', port: 1 });
          };
        }),
      stop: async () => void order.push('stopped'),
      summaries: () => [],
      trust: { consent: {} as never },
    };
    const gatewayHost = host(dataDirWith(), { createGateway: () => fake });
    const starting = gatewayHost.start();
    await vi.waitFor(() => expect(finishStart).toBeDefined());
    const stopping = gatewayHost.stop();
    finishStart();
    await Promise.all([starting, stopping]);
    expect(order).toEqual(['started', 'stopped']);
    expect(gatewayHost.status).toEqual({ state: 'stopped' });
  });

  it('gives children the login shell’s PATH when launched from a desktop session', async () => {
    let seen: GatewayOptions | undefined;
    const fake: HostedGateway = {
      url: '',
      start: async () => ({ url: 'http://127.0.0.1:1', port: 1 }),
      stop: async () => {},
      summaries: () => [],
      trust: { consent: {} as never },
    };
    const gatewayHost = host(dataDirWith(), {
      useLoginShellPath: true,
      resolvePath: async () => '/home/me/.nvm/bin:/usr/bin',
      createGateway: (options) => {
        seen = options;
        return fake;
      },
    });
    await gatewayHost.start();
    expect(seen?.childPath?.split(':').slice(0, 2)).toEqual(['/home/me/.nvm/bin', '/usr/bin']);
    await gatewayHost.stop();
    expect(launchedFromDesktopSession('darwin', undefined)).toBe(true);
    expect(launchedFromDesktopSession('linux', true)).toBe(false);
    expect(launchedFromDesktopSession('win32', false)).toBe(false);
  });

  it('pauses the servers that run and resumes the same ones', async () => {
    const service = fakeService();
    const fake: HostedGateway = {
      url: '',
      start: async () => ({ url: 'http://127.0.0.1:1', port: 1 }),
      stop: async () => {},
      summaries: () =>
        [
          { name: 'a', status: { state: 'running', since: 1 } },
          { name: 'b', status: { state: 'stopped' } },
        ] as never,
      trust: { consent: {} as never },
    };
    const gatewayHost = host(dataDirWith(), {
      createGateway: () => fake,
      createService: () => service,
    });
    await gatewayHost.start();
    await gatewayHost.pauseServers();
    expect(gatewayHost.paused).toBe(true);
    expect(service.call.mock.calls).toEqual([['servers:stop', { name: 'a' }]]);
    await gatewayHost.resumeServers();
    expect(gatewayHost.paused).toBe(false);
    expect(service.call.mock.calls.at(-1)).toEqual(['servers:start', { name: 'a' }]);
    await gatewayHost.stop();
  });

  it('reads its command line', () => {
    expect(
      parseLaunchOptions(
        ['.', '--config', '/c.json', '--port', '5000', '--hidden', '--no-sandbox'],
        {
          SWITCHBOARD_DATA_DIR: '/data',
        },
      ),
    ).toEqual({ dataDir: '/data', port: 5000, configFile: '/c.json', hidden: true });
    expect(parseLaunchOptions(['--port', 'nope'], { SWITCHBOARD_DATA_DIR: '/d' }).port).toBe(4777);
  });
});
