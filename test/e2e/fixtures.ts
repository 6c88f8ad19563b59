/**
 * What every journey stands on: the real gateway as a user runs it (`switchboard serve` in its
 * own process, a fresh data dir, real npm servers), SDK clients as AI clients, a record of what
 * the dashboard received from /api, and full-page screenshots of every screen visited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { test as base, expect, type TestInfo } from '@playwright/test';

export { expect };

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'switchboard.js');
const NODE = process.execPath;
export const SCREENSHOTS = join(ROOT, 'test-results', 'e2e', 'screenshots');

/** An `mcpServers` entry; `{dataDir}` in an env value becomes the gateway's data dir. */
export type ServerEntry = { command: string; args: string[]; env?: Record<string, string> };

function packageEntry(pkg: string): string {
  return fileURLToPath(import.meta.resolve(`${pkg}/dist/index.js`));
}

/** Real servers from npm and our fixtures, run with this Node (no download). */
export const serverEntries = {
  everything: (): ServerEntry => ({
    command: NODE,
    args: [packageEntry('@modelcontextprotocol/server-everything')],
  }),
  memory: (): ServerEntry => ({
    command: NODE,
    args: [packageEntry('@modelcontextprotocol/server-memory')],
    env: { MEMORY_FILE_PATH: '{dataDir}/memory.jsonl' },
  }),
  /** Gets DEMO_KEY from the secret store; reports only whether it hashes to `sha256`. */
  secretCheck: (sha256: string): ServerEntry => ({
    command: NODE,
    args: [join(ROOT, 'test', 'fixtures', 'secret-check-server.ts')],
    env: { DEMO_KEY: '${secret:DEMO_KEY}', DEMO_KEY_SHA256: sha256 },
  }),
};

export const DEMO_SERVERS = (): Record<string, ServerEntry> => ({
  everything: serverEntries.everything(),
  memory: serverEntries.memory(),
});

export type RunningGateway = {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  mcpUrl: string;
  /** The one-time dashboard login link. */
  loginUrl: string;
  /** The first-run client "default"'s token. */
  token: string;
  dataDir: string;
  /** Everything the gateway printed so far. */
  output(): string;
  /** An SDK client on /mcp with `Authorization: Bearer <token>` (the first-run token by default). */
  connect(options?: { token?: string; name?: string }): Promise<Client>;
};

type Started = {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  clients: Client[];
  dir: string;
  output: () => string;
};

const PRINTED = {
  mcp: /MCP \(Streamable HTTP\): (http:\/\/\S+)\/mcp$/m,
  token: /Token \(shown once, store it now\): (\S+)$/m,
  login: /Dashboard login \(single use, valid 10 minutes\): (http:\/\/\S+)$/m,
  ready: /Press Ctrl\+C to stop\./,
};

/** Gateway settings for a journey; the catalog stays offline unless a journey gives a registry. */
export type StartOptions = {
  settings?: Record<string, unknown>;
  /** Extra environment, e.g. HOME for a journey that edits AI apps' config files. */
  env?: Record<string, string>;
};

async function startGateway(
  servers: Record<string, ServerEntry>,
  options: StartOptions = {},
): Promise<{
  started: Started;
  gateway: RunningGateway;
}> {
  if (!existsSync(join(ROOT, 'renderer', 'dist', 'index.html')))
    throw new Error('renderer/dist is missing: build the dashboard first (npm run build:renderer)');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const mcpServers = Object.fromEntries(
    Object.entries(servers).map(([name, entry]) => [
      name,
      entry.env
        ? {
            ...entry,
            env: Object.fromEntries(
              Object.entries(entry.env).map(([key, value]) => [
                key,
                value.replaceAll('{dataDir}', dataDir),
              ]),
            ),
          }
        : entry,
    ]),
  );
  const config = join(dir, 'mcp.json');
  writeFileSync(config, JSON.stringify({ mcpServers }, null, 2));
  // settings.json, as the gateway's settings store names it in the data dir.
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({ catalog: { registryUrl: null }, ...options.settings }),
  );

  const child = spawn(
    NODE,
    [BIN, 'serve', '--config', config, '--data-dir', dataDir, '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The secrets file, not the desktop keychain: a test must not touch the user's keyring.
      env: { ...process.env, SWITCHBOARD_SECRET_STORE: 'file', ...options.env },
    },
  );
  let printed = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (printed += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (printed += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const started: Started = { child, exited, clients: [], dir, output: () => printed };

  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (PRINTED.ready.test(printed)) resolve();
    };
    child.stdout!.on('data', check);
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`switchboard serve exited (${code ?? signal}) before it was ready:\n${printed}`),
      ),
    );
    check();
  });
  const pick = (pattern: RegExp, what: string): string => {
    const found = pattern.exec(printed)?.[1];
    if (!found) throw new Error(`switchboard serve printed no ${what}:\n${printed}`);
    return found;
  };
  const url = pick(PRINTED.mcp, 'MCP endpoint');
  const token = pick(PRINTED.token, 'first-run client token');
  const gateway: RunningGateway = {
    url,
    mcpUrl: `${url}/mcp`,
    loginUrl: pick(PRINTED.login, 'login link'),
    token,
    dataDir,
    output: () => printed,
    async connect({ token: as = token, name = 'e2e-agent' } = {}) {
      const client = new Client({ name, version: '1.0.0' }, { capabilities: {} });
      await client.connect(
        new StreamableHTTPClientTransport(new URL('/mcp', url), {
          requestInit: { headers: { authorization: `Bearer ${as}` } },
        }),
      );
      started.clients.push(client);
      return client;
    },
  };
  return { started, gateway };
}

/** Ctrl+C, as a user stops it: it must stop every server and exit 0. */
async function stopGateway(started: Started, testInfo: TestInfo): Promise<void> {
  await Promise.all(started.clients.map((client) => client.close().catch(() => {})));
  if (started.child.exitCode === null && started.child.signalCode === null)
    started.child.kill('SIGINT');
  const timeout = setTimeout(() => started.child.kill('SIGKILL'), 20_000);
  const exit = await started.exited;
  clearTimeout(timeout);
  await testInfo.attach('gateway output', { body: started.output(), contentType: 'text/plain' });
  rmSync(started.dir, { recursive: true, force: true });
  expect(exit, `switchboard serve exits 0 on SIGINT; it printed:\n${started.output()}`).toEqual({
    code: 0,
    signal: null,
  });
}

/**
 * Runs in the page before the dashboard's own scripts: keeps a copy of every /api response
 * body as it arrives (event streams included), and the event streams opened, so tests can wait
 * for the dashboard to be listening and check what it was sent.
 */
const RECORD_API_RESPONSES = `(() => {
  const record = { streams: [], chunks: [] };
  Object.defineProperty(window, '__switchboardE2e', { value: record });
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.includes('/api/')) {
      if (url.includes('/api/events')) record.streams.push(url);
      const body = response.clone().body;
      if (body) {
        const reader = body.pipeThrough(new TextDecoderStream()).getReader();
        (async () => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            record.chunks.push(value);
          }
        })().catch(() => {});
      }
    }
    return response;
  };
})();`;

export type Dashboard = {
  /** Opens the login link; the gateway redirects to the dashboard with a session cookie. */
  open(gateway: RunningGateway): Promise<void>;
  /** Waits until the dashboard has an event stream open that carries `event`. */
  listening(event: string): Promise<void>;
  /** Everything the dashboard received from /api so far (RPC results and events). */
  received(): Promise<string>;
  /** A full-page screenshot: test-results/e2e/screenshots/<journey>-<screen>.png */
  snap(screen: string): Promise<void>;
  /** Clicks a screen in the sidebar and waits for its title. */
  go(screen: 'Servers' | 'Add servers' | 'Clients' | 'Call log' | 'Settings'): Promise<void>;
};

type Fixtures = {
  /** Starts `switchboard serve`; every gateway started is stopped (and checked) after the test. */
  switchboard: {
    start(servers?: Record<string, ServerEntry>, options?: StartOptions): Promise<RunningGateway>;
  };
  dashboard: Dashboard;
};

/** The journey's name for screenshot files: the spec file's name, e.g. "consent". */
function journeyOf(testInfo: TestInfo): string {
  return basename(testInfo.file).replace(/\.spec\.ts$/, '');
}

export const test = base.extend<Fixtures>({
  // Playwright reads fixture dependencies from the destructuring pattern: it must be there.
  // eslint-disable-next-line no-empty-pattern
  switchboard: async ({}, use, testInfo) => {
    const running: Started[] = [];
    await use({
      async start(servers = DEMO_SERVERS(), options = {}) {
        const { started, gateway } = await startGateway(servers, options);
        running.push(started);
        return gateway;
      },
    });
    for (const started of running) await stopGateway(started, testInfo);
  },

  dashboard: async ({ page }, use, testInfo) => {
    await page.addInitScript(RECORD_API_RESPONSES);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const journey = journeyOf(testInfo);
    await use({
      async open(gateway) {
        await page.goto(gateway.loginUrl);
        // Redirected to the dashboard: the one-time code has left the address bar.
        await expect(page).toHaveURL(new RegExp(`^${gateway.url}/(#/servers)?$`));
        await expect(page.getByRole('heading', { level: 1, name: 'Servers' })).toBeVisible();
      },
      async listening(event) {
        const wanted = encodeURIComponent(event);
        await expect
          .poll(() => page.evaluate('window.__switchboardE2e.streams.join(" ")'))
          .toContain(wanted);
      },
      async received() {
        return (await page.evaluate('window.__switchboardE2e.chunks.join("")')) as string;
      },
      async snap(screen) {
        // The dashboard scrolls inside its content pane, not the page: to capture the whole
        // screen, make the window tall enough for the pane's content, then put it back.
        const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
        const overflow = (await page.evaluate(
          '(() => { const pane = document.getElementById("content"); return pane ? pane.scrollHeight - pane.clientHeight : 0; })()',
        )) as number;
        const height = Math.min(viewport.height + Math.max(0, overflow), 8000);
        if (height !== viewport.height) await page.setViewportSize({ ...viewport, height });
        await page.screenshot({
          path: join(SCREENSHOTS, `${journey}-${screen}.png`),
          fullPage: true,
          animations: 'disabled',
        });
        if (height !== viewport.height) await page.setViewportSize(viewport);
      },
      async go(screen) {
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('button', { name: screen, exact: true })
          .click();
        await expect(page.getByRole('heading', { level: 1, name: screen })).toBeVisible();
      },
    });
  },
});

/** The text parts of a tool result, joined. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((part) => part.text ?? '').join('\n');
}
