import { ElicitRequestFormParamsSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { ConsentRequest } from '../../shared/consent.ts';
import {
  answerFromElicitation,
  consentElicitationParams,
  elicitConsent,
  type SendElicitation,
} from '../../electron/gateway/consent/elicitation-consent.ts';

const request: ConsentRequest = {
  id: 'r1',
  clientId: 'c1',
  clientName: 'Cursor',
  profile: 'default',
  sessionId: 's1',
  server: 'github',
  tool: 'create_issue',
  arguments: { title: 'x'.repeat(500), token: '[redacted]' },
  requestedAt: 0,
  expiresAt: 120_000,
};

describe('consent by elicitation', () => {
  it('builds a valid form-mode request naming client, server and tool, with a short preview', () => {
    const params = consentElicitationParams(request);
    expect(ElicitRequestFormParamsSchema.parse(params)).toBeTruthy();
    expect(params.mode).toBe('form');
    expect(params.message).toContain('"Cursor"');
    expect(params.message).toContain('"github"');
    expect(params.message).toContain('"create_issue"');
    expect(params.message).toContain('{"title":"xxx');
    expect(params.message.length).toBeLessThan(400);
    expect(params.requestedSchema.required).toEqual(['answer']);
    expect(params.requestedSchema.properties.answer).toMatchObject({
      type: 'string',
      enum: ['allow-once', 'allow-session', 'allow-always', 'deny'],
    });
  });

  it('maps accept with a valid choice to that answer, everything else to deny', () => {
    for (const answer of ['allow-once', 'allow-session', 'allow-always', 'deny'] as const)
      expect(answerFromElicitation({ action: 'accept', content: { answer } })).toBe(answer);
    expect(answerFromElicitation({ action: 'accept', content: { answer: 'sure' } })).toBe('deny');
    expect(answerFromElicitation({ action: 'accept' })).toBe('deny');
    expect(answerFromElicitation({ action: 'decline' })).toBe('deny');
    expect(answerFromElicitation({ action: 'cancel' })).toBe('deny');
  });

  it('sends the request with the signal and maps the result', async () => {
    const controller = new AbortController();
    const calls: Parameters<SendElicitation>[] = [];
    const send: SendElicitation = async (...args) => {
      calls.push(args);
      return { action: 'accept', content: { answer: 'allow-session' } };
    };
    await expect(elicitConsent(request, send, controller.signal)).resolves.toBe('allow-session');
    expect(calls[0]?.[1]?.signal).toBe(controller.signal);
    await expect(
      elicitConsent(request, () => Promise.reject(new Error('unsupported'))),
    ).rejects.toThrow('unsupported');
  });
});
