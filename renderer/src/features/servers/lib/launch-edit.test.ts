import { describe, expect, it } from 'vitest';
import { commandLine, draftFrom, parseArgs, patchFrom } from './launch-edit.ts';
import type { ServerSettings } from './server-types.ts';

const LOCAL: ServerSettings = {
  name: 'files',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', 'server-files'],
  cwd: '/srv/files',
  envKeys: ['TOKEN'],
  headerKeys: [],
  secrets: [],
  isolation: 'per-session',
  lazy: false,
  prefix: 'files',
};

describe('launch edit', () => {
  it('sends nothing for an untouched draft', () => {
    expect(patchFrom(LOCAL, draftFrom(LOCAL))).toEqual({ patch: {} });
  });

  it('reads one argument per line, ignoring blank lines', () => {
    expect(parseArgs('-y\r\nserver files\n\n')).toEqual(['-y', 'server files']);
  });

  it('clears the working directory with null and trims the command', () => {
    const draft = { ...draftFrom(LOCAL), cwd: '  ', command: ' uvx ' };
    expect(patchFrom(LOCAL, draft).patch).toEqual({ command: 'uvx', cwd: null });
  });

  it('refuses a new value without a name, or a name listed twice', () => {
    const nameless = { ...draftFrom(LOCAL), added: [{ name: ' ', value: 'x' }] };
    expect(patchFrom(LOCAL, nameless).problem).toBe(
      'Give each new variable a name, or discard it.',
    );
    const twice = { ...draftFrom(LOCAL), added: [{ name: 'TOKEN', value: 'x' }] };
    expect(patchFrom(LOCAL, twice).problem).toContain('“TOKEN” is already listed');
    const blank = { ...draftFrom(LOCAL), added: [{ name: '', value: '' }] };
    expect(patchFrom(LOCAL, blank)).toEqual({ patch: {} });
  });

  it('quotes arguments that hold spaces when showing the command line', () => {
    expect(commandLine({ ...LOCAL, args: ['--dir', '/My Files', ''] })).toBe(
      'npx --dir "/My Files" ""',
    );
  });
});
