import { describe, expect, it } from 'vitest';
import { SUMMARY_MAX_CHARS } from '../../shared/call-log.ts';
import { createRedactor, REDACTED } from '../../electron/gateway/audit/redactor.ts';

const SECRET = 'sk-live-0123456789abcdef';

describe('call log redaction', () => {
  const redactor = createRedactor({ secretValues: () => [SECRET, 'abc', ''] });

  it('replaces the values of secret-looking keys, whatever their case or type', () => {
    expect(
      redactor.redact({
        path: '/tmp/x',
        Authorization: 'Bearer x',
        api_key: 'k',
        apiKey: 'k',
        'X-API-KEY': 'k',
        password: { nested: 'object' },
        sessionCookie: 'c',
        credentials: ['a', 'b'],
        github_token: 123,
        client_secret: null,
        count: 3,
      }),
    ).toEqual({
      path: '/tmp/x',
      Authorization: REDACTED,
      api_key: REDACTED,
      apiKey: REDACTED,
      'X-API-KEY': REDACTED,
      password: REDACTED,
      sessionCookie: REDACTED,
      credentials: REDACTED,
      github_token: REDACTED,
      client_secret: REDACTED,
      count: 3,
    });
  });

  it('replaces known secret values inside any string, keys included, in nested arrays', () => {
    const value = {
      query: `curl -H "x: ${SECRET}" https://a`,
      list: [[`${SECRET}${SECRET}`], { deep: [`pre-${SECRET}-post`] }],
      [`k-${SECRET}`]: 'v',
      short: 'abc is below the minimum length and stays',
    };
    expect(redactor.redact(value)).toEqual({
      query: `curl -H "x: ${REDACTED}" https://a`,
      list: [[`${REDACTED}${REDACTED}`], { deep: [`pre-${REDACTED}-post`] }],
      [`k-${REDACTED}`]: 'v',
      short: 'abc is below the minimum length and stays',
    });
    expect(redactor.redactText(`a ${SECRET} b`)).toBe(`a ${REDACTED} b`);
  });

  it('returns a JSON-safe deep copy and leaves the input alone', () => {
    const input: Record<string, unknown> = {
      when: new Date(0),
      big: 10n,
      nan: Number.NaN,
      skip: undefined,
      fn: () => 1,
      list: [undefined, 1],
    };
    input.self = input;
    const copy = redactor.redact(input);
    expect(copy).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      big: '10',
      nan: null,
      list: [null, 1],
      self: '[circular]',
    });
    expect(input.when).toBeInstanceOf(Date);
  });

  it('asks for the secret values on every call, so new ones are covered', () => {
    const secrets = ['first-secret'];
    const live = createRedactor({ secretValues: () => secrets });
    secrets.push('second-secret');
    expect(live.redactText('first-secret second-secret')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('takes custom key patterns', () => {
    const custom = createRedactor({ keyPatterns: [/^ssn$/i] });
    expect(custom.redact({ SSN: '1', token: 't' })).toEqual({ SSN: REDACTED, token: 't' });
  });

  it('summarizes results from their text content, redacted, within 200 characters', () => {
    const result = {
      content: [
        { type: 'text', text: `found\n\n  ${SECRET}  here` },
        { type: 'image', data: 'AAAA', mimeType: 'image/png' },
      ],
    };
    const { size, summary } = redactor.summarize(result);
    expect(size).toBe(Buffer.byteLength(JSON.stringify(result)));
    expect(summary).toBe(`found ${REDACTED} here [image image/png]`);

    const long = redactor.summarize({ content: [{ type: 'text', text: 'x'.repeat(5000) }] });
    expect(long.summary.length).toBe(SUMMARY_MAX_CHARS);

    // A secret straddling the cut is still replaced, not left half visible.
    const straddle = redactor.summarize({
      content: [{ type: 'text', text: 'y'.repeat(190) + SECRET }],
    });
    expect(straddle.summary).not.toContain(SECRET.slice(0, 8));
  });

  it('summarizes prompts, resources and structured content', () => {
    expect(
      redactor.summarize({ messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }] })
        .summary,
    ).toBe('hi');
    expect(
      redactor.summarize({
        contents: [
          { uri: 'file:///a', text: 'body' },
          { uri: 'b', blob: 'AA' },
        ],
      }).summary,
    ).toBe('body [blob]');
    expect(
      redactor.summarize({ content: [], structuredContent: { token: SECRET, n: 1 } }).summary,
    ).toBe(`{"token":"${REDACTED}","n":1}`);
  });
});
