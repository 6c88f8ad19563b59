import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, METHOD_NAMES } from '../../shared/contract.ts';
import { ApiFailure, toApiError } from '../../electron/gateway/admin/api-errors.ts';
import { AdminSessions, LOGIN_CODE_TTL_MS } from '../../electron/gateway/admin/admin-sessions.ts';
import { createEngineService } from '../../electron/gateway/admin/engine-service.ts';
import { ConfigError } from '../../electron/gateway/config/servers-config.ts';
import { SettingsSchema } from '../../electron/gateway/config/settings.ts';
import { ConsentBroker } from '../../electron/gateway/consent/consent-broker.ts';
import { ConsentGrantsStore } from '../../electron/gateway/consent/consent-grants-store.ts';
import type { Gateway } from '../../electron/gateway/gateway.ts';
import { SecretNameError } from '../../electron/gateway/secrets/secret-store.ts';

const cursor = { id: 'c1', name: 'cursor', profile: 'default', createdAt: 1 };

/** Just enough of a gateway for the handlers these tests reach. */
function fakeGateway(dataDir: string) {
  const grants = new ConsentGrantsStore(dataDir);
  const consent = new ConsentBroker({ grants });
  return {
    supervisors: new Map(),
    settings: SettingsSchema.parse({}),
    options: { dataDir },
    onServerStatus: () => () => {},
    clients: {
      active: [cursor],
      list: () => [cursor],
      onChanged: () => () => {},
      add: () => {
        throw new Error('not reached');
      },
    },
    trust: {
      consent,
      grants,
      callLog: {
        subscribe: () => () => {},
        query: () => {
          throw new Error('the disk is on fire');
        },
      },
    },
  };
}

describe('engine service: params, errors, events', () => {
  let dataDir: string;
  let gateway: ReturnType<typeof fakeGateway>;
  let engine: ReturnType<typeof createEngineService>;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-engine-'));
    gateway = fakeGateway(dataDir);
    engine = createEngineService(gateway as unknown as Gateway);
  });
  afterEach(() => {
    gateway.trust.consent.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a handler for every method of the contract', () => {
    expect(Object.keys(engine.handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('refuses invalid params with invalid-params, naming the field', async () => {
    expect(await engine.call('servers:start', {})).toEqual({
      ok: false,
      error: { code: 'invalid-params', message: expect.stringMatching(/^servers:start: name: /) },
    });
    const nested = await engine.call('profiles:set', {
      name: 'p',
      profile: { tools: { memory: { read_graph: 'maybe' } } },
    });
    expect(nested).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(!nested.ok && nested.error.message).toMatch(/profile\.tools\.memory\.read_graph/);
    expect(await engine.call('clients:add', { name: '' })).toMatchObject({
      error: { code: 'invalid-params', message: expect.stringContaining('name') },
    });
    // Params that are not even an object.
    expect(await engine.call('servers:list', 'everything')).toMatchObject({
      error: { code: 'invalid-params' },
    });
  });

  it('answers an unknown method with not-found and fills in defaults for absent params', async () => {
    expect(await engine.call('servers:explode', {})).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no method "servers:explode"' },
    });
    expect(await engine.call('toString', {})).toMatchObject({ error: { code: 'not-found' } });
    const listed = await engine.call('consent:pending', undefined);
    expect(listed).toEqual({ ok: true, value: [] });
  });

  it('maps known failures to not-found and conflict, and anything else to internal', async () => {
    expect(await engine.call('servers:stop', { name: 'nope' })).toMatchObject({
      error: { code: 'not-found', message: expect.stringContaining('"nope"') },
    });
    expect(await engine.call('clients:add', { name: 'cursor' })).toMatchObject({
      error: { code: 'conflict', message: expect.stringContaining('cursor') },
    });
    expect(await engine.call('clients:add', { name: 'new', profile: 'ghost' })).toMatchObject({
      error: { code: 'not-found' },
    });
    expect(await engine.call('clients:revoke', { id: 'nobody' })).toMatchObject({
      error: { code: 'not-found' },
    });
    expect(await engine.call('grants:revoke', { id: 'nothing' })).toMatchObject({
      error: { code: 'not-found' },
    });
    expect(
      await engine.call('policies:set', {
        profile: 'ghost',
        server: 's',
        tool: 't',
        policy: 'deny',
      }),
    ).toMatchObject({
      error: { code: 'not-found' },
    });
    // A bad server entry is the caller's input: invalid-params, naming the key.
    const added = await engine.call('servers:add', { name: 'x', entry: { command: '' } });
    expect(added).toMatchObject({ error: { code: 'invalid-params' } });
    expect(!added.ok && added.error.message).toMatch(/mcpServers\.x\.command/);
    // Never thrown across the boundary, even for surprises.
    expect(await engine.call('log:query', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'the disk is on fire' },
    });
  });

  it('returns values that match the result schema', async () => {
    const answer = await engine.call('consent:answer', { id: 'gone', answer: 'deny' });
    expect(answer).toEqual({ ok: true, value: { accepted: false } });
    const profiles = await engine.call('profiles:list', {});
    expect(
      profiles.ok && contract.methods['profiles:list'].result.parse(profiles.value),
    ).toHaveProperty('default');
  });

  it('maps error classes to codes', () => {
    expect(toApiError(new ApiFailure('conflict', 'taken'))).toEqual({
      code: 'conflict',
      message: 'taken',
    });
    expect(toApiError(new ConfigError('f.json', 'mcpServers.a', 'is odd')).code).toBe(
      'invalid-params',
    );
    expect(toApiError(new SecretNameError('bad key')).code).toBe('invalid-params');
    const zodError = z.object({ port: z.number() }).safeParse({ port: 'x' }).error!;
    expect(toApiError(zodError)).toMatchObject({ code: 'invalid-params', message: /^port: / });
    expect(toApiError('weird')).toEqual({ code: 'internal', message: 'weird' });
  });

  it('counts a UI as attached exactly while someone listens to consent requests', () => {
    const { consent } = gateway.trust;
    expect(consent.hasUi).toBe(false);
    const stopResolved = engine.subscribe('consent:resolved', () => {});
    expect(consent.hasUi).toBe(false);
    const seen: string[] = [];
    const first = engine.subscribe('consent:requested', (request) =>
      seen.push(`a:${request.tool}`),
    );
    const second = engine.subscribe('consent:requested', (request) =>
      seen.push(`b:${request.tool}`),
    );
    expect(consent.hasUi).toBe(true);
    first();
    first(); // twice is harmless
    expect(consent.hasUi).toBe(true);
    second();
    expect(consent.hasUi).toBe(false);
    stopResolved();
    expect(seen).toEqual([]);
  });

  it('delivers one payload object to every listener, and a failing listener hurts no one', async () => {
    const { consent } = gateway.trust;
    const got: unknown[] = [];
    engine.subscribe('consent:requested', () => {
      throw new Error('broken stream');
    });
    engine.subscribe('consent:requested', (request) => got.push(request));
    engine.subscribe('consent:requested', (request) => got.push(request));
    const outcome = consent.ask({
      clientId: 'c1',
      clientName: 'cursor',
      profile: 'default',
      sessionId: 's1',
      server: 'memory',
      tool: 'delete_entities',
      arguments: {},
    });
    expect(got).toHaveLength(2);
    expect(got[0]).toBe(got[1]);
    const [request] = consent.pending();
    expect(await engine.call('consent:answer', { id: request!.id, answer: 'allow-once' })).toEqual({
      ok: true,
      value: { accepted: true },
    });
    expect(await outcome).toMatchObject({ allowed: true, decidedBy: 'dashboard' });
  });
});

describe('admin login codes', () => {
  it('are single use, expire after ten minutes, and start sessions', () => {
    let now = 1_000;
    const sessions = new AdminSessions(() => now);
    const code = sessions.createLoginCode();
    const session = sessions.redeem(code);
    expect(session).toBeTruthy();
    expect(sessions.isValid(session)).toBe(true);
    expect(sessions.redeem(code)).toBeUndefined();
    expect(sessions.isValid('forged')).toBe(false);
    expect(sessions.isValid(undefined)).toBe(false);
    const late = sessions.createLoginCode();
    now += LOGIN_CODE_TTL_MS + 1;
    expect(sessions.redeem(late)).toBeUndefined();
  });
});
