import { describe, expect, it } from 'vitest';
import {
  paramsText,
  splitWords,
  summaryOf,
  ToolIndex,
} from '../../electron/gateway/tool-search/tool-index.ts';

const tool = (name: string, description: string, params = '') => ({
  name,
  server: name.split('__')[0]!,
  description,
  params,
});

describe('tool index', () => {
  it('splits names the ways people write them', () => {
    expect(splitWords('create_pull_request')).toEqual(['create', 'pull', 'request']);
    expect(splitWords('getFileContents')).toEqual(['get', 'File', 'Contents']);
    expect(splitWords('list-k8s-pods')).toEqual(['list', 'k8s', 'pods']);
    expect(splitWords('parseHTTPResponse v2')).toEqual(['parse', 'HTTP', 'Response', 'v2']);
  });

  it('ranks by intent across names, descriptions and parameters, stemmed', () => {
    const index = new ToolIndex([
      tool('github__create_pull_request', 'Open a new pull request in a repository'),
      tool('github__list_issues', 'List issues in a repository'),
      tool('browser__take_screenshot', 'Capture an image of the current page'),
      tool(
        'fs__read_file',
        'Read a file',
        paramsText({ properties: { path: { description: 'Where it is on disk' } } }),
      ),
    ]);
    expect(index.search('screenshots of pages', 2)[0]!.name).toBe('browser__take_screenshot');
    expect(index.search('open pull requests', 1)[0]!.name).toBe('github__create_pull_request');
    expect(index.search('contents on disk', 1)[0]!.name).toBe('fs__read_file');
    expect(index.search('the a of', 5)).toEqual([]); // nothing but stop words
    expect(index.search('issues', 5).map((hit) => hit.server)).toEqual(['github']);
  });

  it('keeps the first of two tools with one name, and reports a one-line summary', () => {
    const index = new ToolIndex([tool('a__x', 'first'), tool('a__x', 'second')]);
    expect(index.size).toBe(1);
    expect(summaryOf('Reads a file. Then more.\nDetails')).toBe('Reads a file.');
    expect(summaryOf('x'.repeat(300)).length).toBe(160);
  });

  it('reads parameter names and their descriptions from an input schema', () => {
    expect(
      paramsText({ properties: { owner: {}, repo: { description: 'Repository name' } } }),
    ).toBe('owner repo Repository name');
    expect(paramsText(undefined)).toBe('');
    expect(paramsText({ properties: 'nope' })).toBe('');
  });
});
