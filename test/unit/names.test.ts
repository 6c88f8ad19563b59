import { describe, expect, it } from 'vitest';
import {
  exposedName,
  unwrapUri,
  wrapUri,
  wrapUrisDeep,
} from '../../electron/gateway/routing/names.ts';

describe('names and URIs in the aggregated namespace', () => {
  it('prefixes names, or leaves them alone with an empty prefix', () => {
    expect(exposedName('github', 'create_issue')).toBe('github__create_issue');
    expect(exposedName('', 'create_issue')).toBe('create_issue');
  });

  it('wraps and unwraps URIs losslessly, including ones with their own scheme and slashes', () => {
    for (const uri of [
      'file:///tmp/a b.txt',
      'demo://resource/static/1',
      'https://x.test/a?b=c#d',
      'file:///{path}',
    ]) {
      expect(unwrapUri(wrapUri('fs', uri))).toEqual({ server: 'fs', uri });
    }
    expect(unwrapUri('file:///tmp/x')).toBeUndefined();
    expect(unwrapUri('switchboard://')).toBeUndefined();
  });

  it('maps resource URIs inside results but not other "uri"-named fields, and copies only what changes', () => {
    const untouched = { content: [{ type: 'text', text: 'hi' }] };
    expect(wrapUrisDeep(untouched, 'fs')).toBe(untouched);
    const result = {
      content: [
        { type: 'resource_link', uri: 'file:///a', name: 'a' },
        { type: 'resource', resource: { uri: 'file:///b', text: 'B' } },
      ],
      structuredContent: { uri: 'not-a-resource' },
    };
    const mapped = wrapUrisDeep(result, 'fs');
    expect(mapped.content[0]).toMatchObject({ uri: 'switchboard://fs/file:///a' });
    expect(mapped.content[1]).toMatchObject({ resource: { uri: 'switchboard://fs/file:///b' } });
    expect(mapped.structuredContent).toBe(result.structuredContent);
    expect(result.content[0]!.uri).toBe('file:///a');
  });
});
