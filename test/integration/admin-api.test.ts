/**
 * The admin API over real HTTP: authentication (admin token, one-time login link and cookie,
 * never a client token), every method of the contract through the real HTTP client from
 * shared/, and runtime changes (add, remove, import, policies) as MCP clients on /mcp see them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contract,
  type EventPayload,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../../shared/contract.ts';
import { createHttpEngineApi, type HttpEngineApi } from '../../shared/http-engine-client.ts';
import type { ServerSpec } from '../../electron/gateway/config/servers-config.ts';
import { EventQueue } from '../helpers/event-queue.ts';
import { bearer, NODE, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

/** The command line of a stdio server the harness knows. */
function argsOf(spec: ServerSpec): string[] {
  return spec.kind === 'stdio' ? spec.args : [];
}
const MEMORY_ARGS = argsOf(servers.memory());

function textOf(result: unknown): string {
  const content = (result as { content: { type: string; text?: string }[] }).content;
  return content.map((part) => part.text ?? '').join('\n');
}

describe('admin API', () => {
  let harness: Harness;
  let api: HttpEngineApi;
  let dir: string;
  let configFile: string;
  const covered = new Set<MethodName>();
  const statuses = new EventQueue<EventPayload<'servers:status-changed'>>();
  const clientEvents = new EventQueue<EventPayload<'clients:changed'>>();

  /** Calls through the HTTP client, expects success, and checks the value against the contract. */
  async function ok<M extends MethodName>(
    method: M,
    params: MethodParams<M>,
  ): Promise<MethodResult<M>> {
    covered.add(method);
    const result = await api.call(method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return contract.methods[method].result.parse(result.value) as MethodResult<M>;
  }

  async function failed<M extends MethodName>(method: M, params: MethodParams<M>) {
    covered.add(method);
    const result = await api.call(method, params);
    if (result.ok) throw new Error(`${method} succeeded: ${JSON.stringify(result.value)}`);
    return result.error;
  }

  function rpc(method: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${harness.url}/api/rpc/${method}`, { method: 'POST', body: '{}', ...init });
  }

  function until(server: string, state: string) {
    return statuses.next((summary) => summary.name === server && summary.status.state === state);
  }

  /** An MCP client on /mcp that counts tools/list_changed notifications. */
  async function watcher(): Promise<{ client: Client; changed: EventQueue<true> }> {
    const client = await harness.connect();
    const changed = new EventQueue<true>();
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => changed.push(true));
    return { client, changed };
  }

  async function toolNames(client: Client): Promise<string[]> {
    return (await client.listTools()).tools.map((tool) => tool.name);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-admin-'));
    configFile = join(dir, 'mcp.json');
    const everything = servers.everything();
    writeFileSync(
      configFile,
      JSON.stringify({
        globalShortcut: 'Ctrl+Space',
        mcpServers: {
          everything: { command: NODE, args: argsOf(everything) },
        },
      }),
    );
    // Offline catalog: these tests must not depend on reaching the real MCP Registry.
    harness = await startGateway([everything], {
      configFile,
      settings: { catalog: { registryUrl: null } },
    });
    api = createHttpEngineApi({
      baseUrl: harness.url,
      headers: bearer(harness.gateway.adminToken),
    });
    api.subscribe('servers:status-changed', statuses.push);
    api.subscribe('clients:changed', clientEvents.push);
    await api.ready();
  });
  afterAll(async () => {
    api.close();
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('authentication', () => {
    it('refuses a request without a token, and a client (MCP) token, with 401', async () => {
      const none = await rpc('servers:list');
      expect(none.status).toBe(401);
      expect(await none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      const client = await rpc('servers:list', { headers: harness.auth });
      expect(client.status).toBe(401);
      await client.body?.cancel();
      const events = await fetch(`${harness.url}/api/events`, { headers: harness.auth });
      expect(events.status).toBe(401);
      await events.body?.cancel();
    });

    it('accepts the admin token', async () => {
      const response = await rpc('servers:list', { headers: bearer(harness.gateway.adminToken) });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, value: [{ name: 'everything' }] });
    });

    it('exchanges a one-time login code for a session cookie, then refuses the code', async () => {
      // The same kind of link `switchboard dashboard` asks a running gateway for.
      const { url: link } = await ok('dashboard:login-url', {});
      expect(link).toMatch(new RegExp(`^${harness.url}/login\\?code=[\\w-]{20,}$`));
      const login = await fetch(link, { redirect: 'manual' });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/');
      const setCookie = login.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      const cookie = setCookie.split(';')[0]!;

      const again = await fetch(link, { redirect: 'manual' });
      expect(again.status).toBe(401);
      expect(again.headers.get('set-cookie')).toBeNull();
      await again.body?.cancel();

      const json = { cookie, 'content-type': 'application/json' };
      const withCookie = await rpc('settings:get', { headers: json });
      expect(withCookie.status).toBe(200);
      expect(await withCookie.json()).toMatchObject({ ok: true, value: { url: harness.url } });
      // The dashboard's own origin may use it; another origin is stopped before auth.
      const sameOrigin = await rpc('settings:get', { headers: { ...json, origin: harness.url } });
      expect(sameOrigin.status).toBe(200);
      await sameOrigin.body?.cancel();
      const foreign = await rpc('settings:get', {
        headers: { ...json, origin: 'http://evil.example' },
      });
      expect(foreign.status).toBe(403);
      await foreign.body?.cancel();
      // A cookie-borne request must be JSON (which a foreign page cannot send without CORS).
      const form = await rpc('settings:get', {
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      await form.body?.cancel();
      const forged = await rpc('settings:get', {
        headers: { ...json, cookie: 'switchboard_session=forged' },
      });
      expect(forged.status).toBe(401);
      await forged.body?.cancel();
    });
  });

  describe('the HTTP carrier', () => {
    const admin = () => ({
      ...bearer(harness.gateway.adminToken),
      'content-type': 'application/json',
    });

    it('answers handled errors with their status codes and the ApiResult', async () => {
      const invalid = await rpc('servers:start', { headers: admin(), body: '{"name": 3}' });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({
        ok: false,
        error: { code: 'invalid-params', message: expect.stringContaining('name') },
      });
      const missing = await rpc('servers:stop', { headers: admin(), body: '{"name":"ghost"}' });
      expect(missing.status).toBe(404);
      const unknown = await rpc('servers:fly', { headers: admin() });
      expect(unknown.status).toBe(404);
      const conflict = await rpc('clients:add', {
        headers: admin(),
        body: '{"name":"test-client"}',
      });
      expect(conflict.status).toBe(409);
      expect(await conflict.json()).toMatchObject({ error: { code: 'conflict' } });
      const notJson = await rpc('servers:list', { headers: admin(), body: '{oops' });
      expect(notJson.status).toBe(400);
      const get = await fetch(`${harness.url}/api/rpc/servers:list`, { headers: admin() });
      expect(get.status).toBe(405);
      const huge = await rpc('servers:list', {
        headers: admin(),
        body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(huge.status).toBe(413);
      for (const response of [missing, unknown, notJson, get, huge]) await response.body?.cancel();
    });

    it('streams only events the contract knows', async () => {
      const response = await fetch(`${harness.url}/api/events?events=servers:exploded`, {
        headers: admin(),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid-params' } });
    });
  });

  describe('servers', () => {
    it('lists, stops, starts and restarts a server, with status events', async () => {
      const [summary] = await ok('servers:list', {});
      expect(summary).toMatchObject({ name: 'everything', status: { state: 'running' } });
      expect(await ok('servers:stderr', { name: 'everything' })).toBeInstanceOf(Array);

      await ok('servers:stop', { name: 'everything' });
      await until('everything', 'stopped');
      // Stopped on purpose: using it does not bring it back.
      const client = await harness.connect();
      const { _meta } = await client.listTools();
      expect(_meta?.['dev.switchboard/servers']).toEqual([
        expect.objectContaining({ name: 'everything', state: 'stopped' }),
      ]);
      await ok('servers:start', { name: 'everything' });
      await until('everything', 'running');
      await ok('servers:restart', { name: 'everything' });
      await until('everything', 'stopped');
      await until('everything', 'running');
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    });

    it('shows tools with annotations and the policy in force for a profile', async () => {
      const tools = await ok('servers:tools', { name: 'everything' });
      expect(tools.find((tool) => tool.name === 'echo')).toMatchObject({
        annotations: { readOnlyHint: true },
        policy: 'allow',
        policySource: 'annotation',
      });
      expect(await failed('servers:tools', { name: 'ghost' })).toMatchObject({ code: 'not-found' });
    });

    it('adds a real server at runtime: saved, started, and listed on /mcp with list_changed', async () => {
      const { client, changed } = await watcher();
      expect(await toolNames(client)).not.toContain('memory__read_graph');
      const memoryFile = join(dir, 'memory.jsonl');
      const summary = await ok('servers:add', {
        name: 'memory',
        entry: { command: NODE, args: MEMORY_ARGS, env: { MEMORY_FILE_PATH: memoryFile } },
      });
      expect(summary).toMatchObject({ name: 'memory', transport: 'stdio' });
      await until('memory', 'running');
      await changed.take();
      expect(await toolNames(client)).toContain('memory__create_entities');

      // Saved: the user's other keys stay as they were; new tools ask first.
      const saved = JSON.parse(readFileSync(configFile, 'utf8'));
      expect(saved.globalShortcut).toBe('Ctrl+Space');
      expect(saved.mcpServers.memory).toEqual({
        command: NODE,
        args: MEMORY_ARGS,
        env: { MEMORY_FILE_PATH: memoryFile },
      });
      const settings = JSON.parse(readFileSync(join(harness.dataDir, 'settings.json'), 'utf8'));
      expect(settings.servers.memory).toEqual({ defaultPolicy: 'ask' });
      const tools = await ok('servers:tools', { name: 'memory' });
      expect(tools.find((tool) => tool.name === 'create_entities')).toMatchObject({
        policy: 'ask',
        policySource: 'server-default',
      });
      expect(
        await failed('servers:add', { name: 'memory', entry: { command: NODE } }),
      ).toMatchObject({
        code: 'conflict',
      });
      expect(
        await failed('servers:add', { name: 'bad name', entry: { command: NODE } }),
      ).toMatchObject({ code: 'invalid-params' });
    });

    it('shows env names and secret status, never values; secrets are write-only', async () => {
      const secret = 'sk-live-0123456789abcdef';
      const failing = until('vault', 'failed');
      await ok('servers:add', {
        name: 'vault',
        entry: {
          command: NODE,
          args: MEMORY_ARGS,
          env: { MEMORY_FILE_PATH: join(dir, 'vault.jsonl'), API_KEY: '${secret:API_KEY}' },
        },
        defaultPolicy: 'allow',
      });
      // Its secret is not set: it fails at once, saying which.
      expect((await failing).status).toMatchObject({ error: expect.stringContaining('API_KEY') });
      const before = await ok('servers:settings', { name: 'vault' });
      expect(before).toMatchObject({
        transport: 'stdio',
        envKeys: ['MEMORY_FILE_PATH', 'API_KEY'],
        secrets: [{ key: 'API_KEY', set: false }],
        isolation: 'per-session',
        lazy: false,
        prefix: 'vault',
        defaultPolicy: 'allow',
      });

      const running = until('vault', 'running');
      await ok('secrets:set', { server: 'vault', key: 'API_KEY', value: secret });
      await running; // set, so the failed server got another chance
      await ok('secrets:set', {
        server: 'vault',
        key: 'API_KEY',
        value: 'other',
        profile: 'default',
      });
      const after = await ok('servers:settings', { name: 'vault' });
      expect(after.secrets).toEqual([
        { key: 'API_KEY', set: true },
        { key: 'API_KEY', set: true, profile: 'default' },
      ]);
      expect(JSON.stringify(after)).not.toContain(secret);
      expect(
        await ok('secrets:delete', { server: 'vault', key: 'API_KEY', profile: 'default' }),
      ).toEqual({
        deleted: true,
      });
      expect(
        await ok('secrets:delete', { server: 'vault', key: 'API_KEY', profile: 'default' }),
      ).toEqual({
        deleted: false,
      });
      expect(
        await failed('secrets:set', { server: 'vault', key: 'no/slash', value: 'x' }),
      ).toMatchObject({
        code: 'invalid-params',
      });
    });

    it('configures a server: saved to settings.json and applied while running', async () => {
      const { client, changed } = await watcher();
      const view = await ok('servers:configure', {
        name: 'vault',
        isolation: 'shared',
        defaultPolicy: 'ask',
      });
      expect(view).toMatchObject({ isolation: 'shared', defaultPolicy: 'ask' });
      await changed.take();
      await until('vault', 'running');
      const settings = JSON.parse(readFileSync(join(harness.dataDir, 'settings.json'), 'utf8'));
      expect(settings.servers.vault).toEqual({ defaultPolicy: 'ask', isolation: 'shared' });
      const read = await client.callTool({ name: 'vault__read_graph', arguments: {} });
      expect(read.isError).toBeFalsy();
      const cleared = await ok('servers:configure', { name: 'vault', defaultPolicy: null });
      expect(cleared.defaultPolicy).toBeUndefined();
    });

    it('updates how a server is launched: checked, saved, restarted with the change', async () => {
      const moved = join(dir, 'moved.jsonl');
      statuses.clear(); // only what this update causes
      const restarted = until('vault', 'running');
      const view = await ok('servers:update', {
        name: 'vault',
        env: { MEMORY_FILE_PATH: moved, EXTRA: 'on', API_KEY: null },
        cwd: dir,
      });
      expect(view).toMatchObject({
        envKeys: ['MEMORY_FILE_PATH', 'EXTRA'],
        cwd: dir,
        secrets: [], // API_KEY is no longer referenced
        isolation: 'shared', // options set before are kept
      });
      expect(JSON.stringify(view)).not.toContain(moved); // names only, never values
      await restarted;
      // The restarted server writes where its new env says.
      const client = await harness.connect();
      await client.callTool({
        name: 'vault__create_entities',
        arguments: { entities: [{ name: 'moved', entityType: 'test', observations: [] }] },
      });
      expect(readFileSync(moved, 'utf8')).toContain('"moved"');
      const saved = JSON.parse(readFileSync(configFile, 'utf8'));
      expect(saved.globalShortcut).toBe('Ctrl+Space'); // the user's own keys stay
      expect(saved.mcpServers.vault).toEqual({
        command: NODE,
        args: MEMORY_ARGS,
        env: { MEMORY_FILE_PATH: moved, EXTRA: 'on' },
        cwd: dir,
      });

      statuses.clear();
      const again = until('vault', 'running');
      const cleared = await ok('servers:update', { name: 'vault', cwd: null });
      expect(cleared.cwd).toBeUndefined();
      expect(JSON.parse(readFileSync(configFile, 'utf8')).mcpServers.vault.cwd).toBeUndefined();
      await again;
    });

    it('refuses an update that does not fit the server, naming what was wrong', async () => {
      const before = readFileSync(configFile, 'utf8');
      expect(await failed('servers:update', { name: 'vault', url: 'http://x' })).toMatchObject({
        code: 'invalid-params',
        message: expect.stringContaining('url: "vault" is a local (stdio) server'),
      });
      expect(await failed('servers:update', { name: 'vault', command: '  ' })).toMatchObject({
        code: 'invalid-params',
        message: expect.stringContaining('command'),
      });
      expect(
        await failed('servers:update', { name: 'vault', env: { 'BAD NAME': 'x' } }),
      ).toMatchObject({ code: 'invalid-params', message: expect.stringContaining('env') });
      expect(await failed('servers:update', { name: 'nope', args: [] })).toMatchObject({
        code: 'not-found',
      });
      expect(readFileSync(configFile, 'utf8')).toBe(before); // nothing saved
      expect(
        (await ok('servers:list', {})).find((server) => server.name === 'vault')?.status,
      ).toMatchObject({ state: 'running' }); // nothing restarted
    });

    it('removes a server: stopped, unsaved, gone from /mcp with list_changed', async () => {
      const { client, changed } = await watcher();
      expect(await toolNames(client)).toContain('vault__read_graph');
      await ok('servers:remove', { name: 'vault' });
      await changed.take();
      expect(await toolNames(client)).not.toContain('vault__read_graph');
      expect((await ok('servers:list', {})).map((server) => server.name)).toEqual([
        'everything',
        'memory',
      ]);
      const saved = JSON.parse(readFileSync(configFile, 'utf8'));
      expect(Object.keys(saved.mcpServers)).toEqual(['everything', 'memory']);
      expect(await failed('servers:remove', { name: 'vault' })).toMatchObject({
        code: 'not-found',
      });
    });

    it('imports the servers of another mcpServers file that are not configured yet', async () => {
      const { client, changed } = await watcher();
      const claude = join(dir, 'claude_desktop_config.json');
      writeFileSync(
        claude,
        JSON.stringify({
          mcpServers: {
            memory: { command: NODE, args: MEMORY_ARGS },
            notes: {
              command: NODE,
              args: MEMORY_ARGS,
              env: { MEMORY_FILE_PATH: join(dir, 'notes.jsonl') },
            },
            old: { command: 'nothing', disabled: true },
          },
        }),
      );
      expect(await ok('servers:import', { file: claude })).toEqual({
        added: ['notes'],
        skipped: ['memory', 'old'],
      });
      await until('notes', 'running');
      await changed.take();
      expect(await toolNames(client)).toContain('notes__read_graph');
      const saved = JSON.parse(readFileSync(configFile, 'utf8'));
      expect(Object.keys(saved.mcpServers)).toEqual(['everything', 'memory', 'notes']);
      expect(await failed('servers:import', { file: join(dir, 'absent.json') })).toMatchObject({
        code: 'not-found',
      });
    });
  });

  describe('policies and profiles', () => {
    it('denies a tool: hidden from tools/list, and a call is refused', async () => {
      const { client, changed } = await watcher();
      expect(await toolNames(client)).toContain('everything__echo');
      await ok('policies:set', {
        profile: 'default',
        server: 'everything',
        tool: 'echo',
        policy: 'deny',
      });
      await changed.take();
      expect(await toolNames(client)).not.toContain('everything__echo');
      const refused = await client.callTool({
        name: 'everything__echo',
        arguments: { message: 'x' },
      });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/refused "echo".*denies this tool/);
      const profiles = await ok('profiles:list', {});
      expect(profiles.default?.tools).toEqual({ everything: { echo: 'deny' } });

      await ok('policies:set', {
        profile: 'default',
        server: 'everything',
        tool: 'echo',
        policy: null,
      });
      await changed.take();
      expect(await toolNames(client)).toContain('everything__echo');
      const settings = JSON.parse(readFileSync(join(harness.dataDir, 'settings.json'), 'utf8'));
      expect(settings.profiles.default.tools).toEqual({});
    });

    it('sets a profile, and clients of it see only its servers', async () => {
      await ok('profiles:set', {
        name: 'narrow',
        profile: { servers: ['memory'], tools: {}, hideDenied: true },
      });
      expect(Object.keys(await ok('profiles:list', {}))).toEqual(
        expect.arrayContaining(['default', 'narrow']),
      );
      const added = await ok('clients:add', { name: 'narrow-client', profile: 'narrow' });
      const client = await harness.connect({ token: added.token });
      const names = await toolNames(client);
      expect(names.some((name) => name.startsWith('memory__'))).toBe(true);
      expect(names.some((name) => name.startsWith('everything__'))).toBe(false);
    });

    it('searches the catalog offline and shows an entry, naming unknown ones', async () => {
      const found = await ok('catalog:search', { query: 'filesystem', kind: 'npm' });
      expect(found.source).toEqual({ kind: 'bundled', note: 'offline' });
      expect(found.problems).toEqual([]);
      expect(found.entries[0]).toMatchObject({
        name: 'io.github.modelcontextprotocol/server-filesystem',
        kinds: ['npm'],
      });
      const shown = await ok('catalog:show', { name: found.entries[0]!.name });
      expect(shown.summary.name).toBe(found.entries[0]!.name);
      expect(shown.server).toHaveProperty('packages');
      expect(await failed('catalog:show', { name: 'nope/nothing' })).toMatchObject({
        code: 'not-found',
        message: expect.stringContaining('no catalog entry named "nope/nothing"'),
      });
      expect(await failed('catalog:search', { kind: 'deb' as never })).toMatchObject({
        code: 'invalid-params',
      });
    });

    it('previews what search_tools answers a profile, within its servers only', async () => {
      const wide = await ok('tools:search', { profile: 'default', query: 'echo a message back' });
      expect(wide.tools[0]).toMatchObject({ name: 'everything__echo', server: 'everything' });
      expect(wide.searched).toBeGreaterThan(10);
      // "narrow" (set above) sees memory only: the echo tool does not exist for it.
      const narrow = await ok('tools:search', { profile: 'narrow', query: 'echo a message back' });
      expect(narrow.tools.every((tool) => tool.server === 'memory')).toBe(true);
      expect(narrow.searched).toBeLessThan(wide.searched);
      expect(await failed('tools:search', { profile: 'nobody', query: 'x' })).toMatchObject({
        code: 'not-found',
        message: 'no profile named "nobody"',
      });
      expect(await failed('tools:search', { profile: 'default', query: '  ' })).toMatchObject({
        code: 'invalid-params',
        message: expect.stringMatching(/query: type what the agent wants to do/),
      });
    });
  });

  describe('clients, consent, log and settings', () => {
    it('adds, lists and revokes clients, with clients:changed events', async () => {
      const { client, token } = await ok('clients:add', { name: 'cursor' });
      expect(token).toMatch(/^sb_/);
      expect(client).toMatchObject({ name: 'cursor', profile: 'default' });
      await clientEvents.take((list) => list.some((entry) => entry.id === client.id));
      expect((await ok('clients:list', {})).map((entry) => entry.name)).toContain('cursor');
      expect(JSON.stringify(await ok('clients:list', {}))).not.toContain(token);
      // The token works on /mcp until it is revoked.
      await harness.connect({ token });
      const revoked = await ok('clients:revoke', { id: client.id });
      expect(revoked.revokedAt).toBeTypeOf('number');
      await clientEvents.take((list) =>
        list.some((entry) => entry.id === client.id && entry.revokedAt),
      );
      await expect(harness.connect({ token })).rejects.toThrow();
      expect(await failed('clients:revoke', { id: client.id })).toMatchObject({
        code: 'not-found',
      });
      expect(await failed('clients:add', { name: 'x', profile: 'ghost' })).toMatchObject({
        code: 'not-found',
      });
    });

    it('has nothing pending, no grants, and refuses answers to unknown requests', async () => {
      expect(await ok('consent:pending', {})).toEqual([]);
      expect(await ok('consent:answer', { id: 'gone', answer: 'allow-once' })).toEqual({
        accepted: false,
      });
      expect(await ok('grants:list', {})).toEqual([]);
      expect(await failed('grants:revoke', { id: 'nothing' })).toMatchObject({ code: 'not-found' });
    });

    it('queries the call log', async () => {
      const client = await harness.connect();
      await client.callTool({ name: 'everything__echo', arguments: { message: 'logged' } });
      const page = await ok('log:query', { server: 'everything', tool: 'echo', limit: 5 });
      expect(page.entries[0]).toMatchObject({
        clientName: 'test-client',
        kind: 'tools/call',
        status: 'ok',
        arguments: { message: 'logged' },
      });
    });

    it('reads and changes gateway settings, saved and applied live', async () => {
      const view = await ok('settings:get', {});
      expect(view).toMatchObject({
        url: harness.url,
        port: Number(new URL(harness.url).port),
        dataDir: harness.dataDir,
        secretStore: 'file',
        defaultPolicy: 'allow',
        consentTimeoutSeconds: 120,
      });
      const changed = await ok('settings:set', { consentTimeoutSeconds: 30, logRetentionDays: 7 });
      expect(changed).toMatchObject({ consentTimeoutSeconds: 30, logRetentionDays: 7 });
      expect(harness.gateway.trust.consent.timeoutMs).toBe(30_000);
      expect(harness.gateway.trust.callLog.options.retentionDays).toBe(7);
      const settings = JSON.parse(readFileSync(join(harness.dataDir, 'settings.json'), 'utf8'));
      expect(settings.policy).toMatchObject({ consentTimeoutSeconds: 30 });
      expect(settings.callLog).toMatchObject({ retentionDays: 7 });
      expect(await failed('settings:set', { consentTimeoutSeconds: 0 })).toMatchObject({
        code: 'invalid-params',
        message: expect.stringMatching(/^consentTimeoutSeconds: /),
      });
      expect((await ok('settings:get', {})).consentTimeoutSeconds).toBe(30);
    });
  });

  it('covered every method of the contract', () => {
    // Installs and client configs have journeys of their own: installs.test.ts, client-configs.test.ts.
    const elsewhere = /^(installs|clientConfigs):|^servers:export$/;
    const rest = Object.keys(contract.methods).filter(
      (name) => !covered.has(name as MethodName) && !elsewhere.test(name),
    );
    expect(rest).toEqual([]);
  });
});
