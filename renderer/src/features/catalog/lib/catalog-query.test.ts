import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUERY,
  fetchedAgo,
  queryWords,
  repositoryLink,
  searchParams,
} from './catalog-query.ts';

describe('catalog query', () => {
  it('sends only the filters in force', () => {
    expect(searchParams(EMPTY_QUERY)).toEqual({});
    expect(searchParams({ ...EMPTY_QUERY, query: '  ' }, true)).toEqual({ refresh: true });
    expect(
      searchParams({ query: ' git ', kind: 'remote', transport: 'sse', needsSecret: 'yes' }),
    ).toEqual({ query: 'git', kind: 'remote', transport: 'sse', needsSecret: true });
  });

  it('says how long ago a listing was fetched', () => {
    const now = 1_000_000_000_000;
    expect(fetchedAgo(now - 10_000, now)).toBe('just now');
    expect(fetchedAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(fetchedAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(fetchedAgo(now - 3 * 86_400_000, now)).toBe('3 days ago');
  });

  it('puts the filters in words and links http(s) repositories only', () => {
    expect(queryWords({ query: 'db', kind: '', transport: 'stdio', needsSecret: 'no' })).toBe(
      '“db” over stdio that needs no secret',
    );
    expect(repositoryLink('https://github.com/a/b')?.host).toBe('github.com');
    expect(repositoryLink('javascript:alert(1)')).toBeUndefined();
    expect(repositoryLink('not a url')).toBeUndefined();
  });
});
