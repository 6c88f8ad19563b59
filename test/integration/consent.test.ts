/**
 * Per-tool consent end to end: a real SDK client calls a tool whose policy is "ask", the
 * question arrives on /api/events, the answer goes back through consent:answer, and the call
 * goes on (or is refused) accordingly. Every decision lands in the call log, with who decided.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallLogEntry } from '../../shared/call-log.ts';
import type { ConsentAnswer, ConsentOutcome, ConsentRequest } from '../../shared/consent.ts';
import {
  contract,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../../shared/contract.ts';
import { createHttpEngineApi, type HttpEngineApi } from '../../shared/http-engine-client.ts';
import { EventQueue } from '../helpers/event-queue.ts';
import { bearer, servers, startGateway, type Harness } from '../helpers/gateway-harness.ts';

function textOf(result: unknown): string {
  const content = (result as { content: { type: string; text?: string }[] }).content;
  return content.map((part) => part.text ?? '').join('\n');
}

describe('consent for tools set to "ask"', () => {
  let harness: Harness;
  let api: HttpEngineApi;
  let stopWatching: () => void;
  const requested = new EventQueue<ConsentRequest>();
  const resolved = new EventQueue<ConsentOutcome>();
  const logged = new EventQueue<CallLogEntry>();

  async function ok<M extends MethodName>(
    method: M,
    params: MethodParams<M>,
  ): Promise<MethodResult<M>> {
    const result = await api.call(method, params);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return contract.methods[method].result.parse(result.value) as MethodResult<M>;
  }

  function echo(client: Client, message: string, signal?: AbortSignal) {
    return client.callTool(
      { name: 'everything__echo', arguments: { message } },
      undefined,
      signal ? { signal } : undefined,
    );
  }

  async function answer(request: ConsentRequest, reply: ConsentAnswer): Promise<void> {
    expect(await ok('consent:answer', { id: request.id, answer: reply })).toEqual({
      accepted: true,
    });
  }

  /** The outcome of one request, and the consent entry the log got for it. */
  async function decided(request: { id: string; sessionId: string }) {
    const outcome = await resolved.take((o) => o.requestId === request.id);
    const entry = await logged.take(
      (e) => e.kind === 'consent' && e.sessionId === request.sessionId,
    );
    return { outcome, entry };
  }

  beforeAll(async () => {
    harness = await startGateway([servers.everything()]);
    api = createHttpEngineApi({
      baseUrl: harness.url,
      headers: bearer(harness.gateway.adminToken),
    });
    stopWatching = api.subscribe('consent:requested', requested.push);
    api.subscribe('consent:resolved', resolved.push);
    api.subscribe('log:appended', logged.push);
    await api.ready();
    // echo says it is read-only, which alone would allow it: the profile asks instead.
    await ok('policies:set', {
      profile: 'default',
      server: 'everything',
      tool: 'echo',
      policy: 'ask',
    });
  });
  afterAll(async () => {
    api.close();
    await harness.close();
  });

  it('allow-once lets this call through, and the next call asks again', async () => {
    const client = await harness.connect();
    const call = echo(client, 'once');
    const request = await requested.take();
    expect(request).toMatchObject({
      server: 'everything',
      tool: 'echo',
      clientName: 'test-client',
      profile: 'default',
      arguments: { message: 'once' },
      annotations: { readOnlyHint: true },
    });
    expect(await ok('consent:pending', {})).toEqual([request]);
    await answer(request, 'allow-once');
    expect(textOf(await call)).toBe('Echo: once');
    const { outcome, entry } = await decided(request);
    expect(outcome).toEqual({
      requestId: request.id,
      allowed: true,
      reason: 'answered',
      answer: 'allow-once',
      decidedBy: 'dashboard',
    });
    expect(entry).toMatchObject({
      name: 'echo',
      status: 'ok',
      consent: { decision: 'allow', answer: 'allow-once', decidedBy: 'dashboard' },
    });
    expect(await ok('consent:pending', {})).toEqual([]);

    const again = echo(client, 'twice');
    const second = await requested.take();
    expect(second.id).not.toBe(request.id);
    await answer(second, 'allow-once');
    expect(textOf(await again)).toBe('Echo: twice');
    await decided(second);
  });

  it('deny refuses the call with a tool result saying it was not approved', async () => {
    const client = await harness.connect();
    const call = echo(client, 'no');
    const request = await requested.take();
    await answer(request, 'deny');
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/did not run "echo".*not approved \(the user denied it\)/);
    const { outcome, entry } = await decided(request);
    expect(outcome).toMatchObject({ allowed: false, answer: 'deny', decidedBy: 'dashboard' });
    expect(entry.consent).toEqual({ decision: 'deny', answer: 'deny', decidedBy: 'dashboard' });
    const callEntry = await logged.take(
      (e) => e.kind === 'tools/call' && e.sessionId === request.sessionId,
    );
    expect(callEntry).toMatchObject({ status: 'denied', consent: { decision: 'deny' } });
  });

  it('allow-session covers the rest of this session only', async () => {
    const client = await harness.connect();
    const first = echo(client, 'a');
    const request = await requested.take();
    await answer(request, 'allow-session');
    expect(textOf(await first)).toBe('Echo: a');
    await decided(request);

    // Same session: decided by the grant at once, nobody is asked.
    expect(textOf(await echo(client, 'b'))).toBe('Echo: b');
    const granted = await resolved.take((o) => o.reason === 'session-grant');
    expect(granted).toMatchObject({ allowed: true, decidedBy: 'dashboard' });
    const entry = await logged.take(
      (e) => e.kind === 'consent' && e.consent?.answer === 'session-grant',
    );
    expect(entry).toMatchObject({
      sessionId: request.sessionId,
      consent: { decidedBy: 'dashboard' },
    });
    expect(requested.unclaimed).toEqual([]);

    // Another session is asked.
    const other = await harness.connect();
    const call = echo(other, 'c');
    const asked = await requested.take();
    expect(asked.sessionId).not.toBe(request.sessionId);
    await answer(asked, 'deny');
    expect((await call).isError).toBe(true);
    await decided(asked);
  });

  it('allow-always is a lasting grant, listed and saved, until revoked', async () => {
    const client = await harness.connect();
    const call = echo(client, 'always');
    const request = await requested.take();
    await answer(request, 'allow-always');
    expect(textOf(await call)).toBe('Echo: always');
    await decided(request);

    const [grant, ...more] = await ok('grants:list', {});
    expect(more).toEqual([]);
    expect(grant).toMatchObject({
      profile: 'default',
      server: 'everything',
      tool: 'echo',
      grantedBy: 'dashboard',
    });
    const saved = JSON.parse(readFileSync(join(harness.dataDir, 'consent-grants.json'), 'utf8'));
    expect(saved.grants).toEqual([grant]);

    // Any session of the profile, without asking.
    const fresh = await harness.connect();
    expect(textOf(await echo(fresh, 'granted'))).toBe('Echo: granted');
    expect(await resolved.take((o) => o.reason === 'always-grant')).toMatchObject({
      allowed: true,
      decidedBy: 'dashboard',
    });
    expect(requested.unclaimed).toEqual([]);

    await ok('grants:revoke', { id: grant!.id });
    expect(await ok('grants:list', {})).toEqual([]);
    const asking = echo(fresh, 'asked again');
    const asked = await requested.take();
    await answer(asked, 'allow-once');
    expect(textOf(await asking)).toBe('Echo: asked again');
    await decided(asked);
  });

  it('denies a request nobody answers in time (consent timeout set through settings:set)', async () => {
    await ok('settings:set', { consentTimeoutSeconds: 1 });
    try {
      const client = await harness.connect();
      const call = echo(client, 'anyone?');
      const request = await requested.take();
      expect(request.expiresAt - request.requestedAt).toBe(1000);
      const result = await call;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/nobody answered the consent prompt in time/);
      const { outcome, entry } = await decided(request);
      expect(outcome).toMatchObject({
        allowed: false,
        reason: 'timeout',
        decidedBy: 'switchboard',
      });
      expect(entry.consent).toEqual({
        decision: 'deny',
        answer: 'timeout',
        decidedBy: 'switchboard',
      });
    } finally {
      await ok('settings:set', { consentTimeoutSeconds: 120 });
    }
  });

  it('drops the request when the client cancels while waiting', async () => {
    const client = await harness.connect();
    const abort = new AbortController();
    const call = echo(client, 'never mind', abort.signal);
    const request = await requested.take();
    expect((await ok('consent:pending', {})).map((r) => r.id)).toEqual([request.id]);
    abort.abort();
    await expect(call).rejects.toThrow();
    const { outcome, entry } = await decided(request);
    expect(outcome).toMatchObject({ allowed: false, reason: 'cancelled' });
    expect(entry.consent).toMatchObject({ decision: 'deny', answer: 'cancelled' });
    expect(await ok('consent:pending', {})).toEqual([]);
    expect(await ok('consent:answer', { id: request.id, answer: 'allow-once' })).toEqual({
      accepted: false,
    });
  });

  describe('with no dashboard watching', () => {
    beforeAll(async () => {
      stopWatching();
      await api.ready();
      // The stream without consent:requested is open; the old one closes on the server soon after.
      await vi.waitFor(() => expect(harness.gateway.trust.consent.hasUi).toBe(false));
    });

    it('denies at once when the client cannot be asked either', async () => {
      const client = await harness.connect();
      const result = await echo(client, 'alone');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/no one is available to approve it/);
      expect(await resolved.take((o) => o.reason === 'no-ui')).toMatchObject({ allowed: false });
    });

    it('asks through the client by elicitation and honours the answer', async () => {
      const replies: ElicitResult[] = [
        { action: 'accept', content: { answer: 'allow-once' } },
        { action: 'decline' },
      ];
      const messages: string[] = [];
      const client = await harness.connect({
        client: { capabilities: { elicitation: { form: {} } } },
      });
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        messages.push(request.params.message);
        return replies.shift()!;
      });

      expect(textOf(await echo(client, 'by elicitation'))).toBe('Echo: by elicitation');
      expect(messages[0]).toMatch(
        /allow client "test-client" to call tool "echo" of server "everything"/,
      );
      const allowed = await logged.take(
        (e) => e.kind === 'consent' && e.consent?.decidedBy === 'elicitation',
      );
      expect(allowed.consent).toEqual({
        decision: 'allow',
        answer: 'allow-once',
        decidedBy: 'elicitation',
      });

      const declined = await echo(client, 'declined');
      expect(declined.isError).toBe(true);
      expect(textOf(declined)).toMatch(/not approved/);
      const denied = await logged.take(
        (e) => e.kind === 'consent' && e.consent?.decidedBy === 'elicitation',
      );
      expect(denied.consent).toMatchObject({ decision: 'deny', answer: 'deny' });
      expect(requested.unclaimed).toEqual([]);
    });
  });

  it('has every decision in the call log, with who decided', async () => {
    const page = await ok('log:query', { kind: 'consent', limit: 100 });
    const decisions = page.entries.map(
      (entry) => `${entry.consent?.answer} by ${entry.consent?.decidedBy}`,
    );
    expect(new Set(decisions)).toEqual(
      new Set([
        'allow-once by dashboard',
        'deny by dashboard',
        'allow-session by dashboard',
        'session-grant by dashboard',
        'allow-always by dashboard',
        'always-grant by dashboard',
        'timeout by switchboard',
        'cancelled by switchboard',
        'no-ui by switchboard',
        'allow-once by elicitation',
        'deny by elicitation',
      ]),
    );
  });
});
