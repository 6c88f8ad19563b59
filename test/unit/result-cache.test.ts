import { describe, expect, it } from 'vitest';
import {
  MAX_ENTRIES_PER_SERVER,
  ResultCache,
  stableJson,
} from '../../electron/gateway/result-cache/result-cache.ts';

const result = (text: string) => ({ content: [{ type: 'text', text }] });
const key = (args: unknown, clientId = 'c1', server = 's', tool = 't') => ({
  clientId,
  server,
  tool,
  arguments: args,
});

describe('ResultCache', () => {
  it('keys arguments by content, whatever the order of their keys', () => {
    expect(stableJson({ b: 1, a: { d: [1, { f: 2, e: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":1,"f":2}]},"b":1}',
    );
    const cache = new ResultCache();
    cache.set(key({ a: 1, b: 2 }), result('x'), 1000);
    expect(cache.get(key({ b: 2, a: 1 }))).toEqual(result('x'));
    expect(cache.get(key({ a: 1 }))).toBeUndefined();
    expect(cache.get(key({ a: 1, b: 2 }, 'c2'))).toBeUndefined(); // another client
  });

  it('expires entries after their TTL, and hands out copies', () => {
    let now = 0;
    const cache = new ResultCache(() => now);
    cache.set(key({}), result('x'), 1000);
    const copy = cache.get(key({}))!;
    (copy.content as { text: string }[])[0]!.text = 'changed by a caller';
    expect(cache.get(key({}))).toEqual(result('x'));
    now = 999;
    expect(cache.get(key({}))).toBeDefined();
    now = 1000;
    expect(cache.get(key({}))).toBeUndefined();
    expect(cache.size('s')).toBe(0);
  });

  it('forgets one server at a time, and keeps at most the newest entries per server', () => {
    const cache = new ResultCache();
    cache.set(key({}, 'c1', 'a'), result('a'), 1000);
    cache.set(key({}, 'c1', 'b'), result('b'), 1000);
    cache.set(key({}, 'c2', 'b'), result('b2'), 1000);
    cache.invalidateClient('c2');
    expect(cache.get(key({}, 'c2', 'b'))).toBeUndefined();
    cache.invalidate('a');
    expect(cache.get(key({}, 'c1', 'a'))).toBeUndefined();
    expect(cache.get(key({}, 'c1', 'b'))).toEqual(result('b'));
    for (let i = 0; i <= MAX_ENTRIES_PER_SERVER; i++)
      cache.set(key({ i }), result(String(i)), 1000);
    expect(cache.size('s')).toBe(MAX_ENTRIES_PER_SERVER);
    expect(cache.get(key({ i: 0 }))).toBeUndefined();
    expect(cache.get(key({ i: MAX_ENTRIES_PER_SERVER }))).toBeDefined();
  });
});
