import { describe, expect, it } from 'vitest';
import { buildEntry, EMPTY_FORM, secretNameFor, splitArgs, validateForm } from './server-entry.ts';

describe('add-server form', () => {
  it('splits arguments like a shell for words and quotes', () => {
    expect(splitArgs(`-y @scope/pkg --root "/my files" '' --flag='a b'`)).toEqual([
      '-y',
      '@scope/pkg',
      '--root',
      '/my files',
      '',
      '--flag=a b',
    ]);
    expect(splitArgs('   ')).toEqual([]);
  });

  it('builds a remote entry with a secret header by reference', () => {
    const built = buildEntry({
      ...EMPTY_FORM,
      name: 'linear',
      transport: 'http',
      url: ' https://mcp.linear.app/mcp ',
      rows: [{ key: 'Authorization', value: 'Bearer lin_123', secret: true }],
    });
    expect(built).toEqual({
      entry: {
        type: 'http',
        url: 'https://mcp.linear.app/mcp',
        headers: { Authorization: '${secret:AUTHORIZATION}' },
      },
      secrets: [{ key: 'AUTHORIZATION', value: 'Bearer lin_123' }],
    });
  });

  it('names secrets like env vars', () => {
    expect(secretNameFor('x-api-key')).toBe('X-API-KEY');
    expect(secretNameFor('9lives')).toBe('_9LIVES');
  });

  it('says what is missing or wrong, field by field', () => {
    expect(validateForm(EMPTY_FORM, [])).toEqual({
      name: 'Give the server a name.',
      command: 'Enter the command that starts the server.',
    });
    expect(
      validateForm({ ...EMPTY_FORM, name: 'memory', command: 'npx' }, ['memory']).name,
    ).toContain('already exists');
    expect(
      validateForm({ ...EMPTY_FORM, name: 'r', transport: 'sse', url: 'ftp://x' }, []).url,
    ).toBe('Use an http:// or https:// URL.');
    expect(
      validateForm(
        { ...EMPTY_FORM, name: 'a', command: 'x', rows: [{ key: 'K', value: '', secret: true }] },
        [],
      ).rows,
    ).toBe('Enter a value for each secret.');
  });
});
