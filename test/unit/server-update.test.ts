import { describe, expect, it } from 'vitest';
import { updatedEntry } from '../../electron/gateway/admin/handlers/server-update.ts';
import type { ServerSpec } from '../../electron/gateway/config/servers-config.ts';

const local: ServerSpec = {
  kind: 'stdio',
  name: 'memory',
  command: 'node',
  args: ['server.js'],
  env: { KEEP: '1', DROP: '2' },
  cwd: '/srv',
};
const remote: ServerSpec = {
  kind: 'http',
  name: 'remote',
  url: 'https://mcp.example.com/mcp',
  headers: { Authorization: 'Bearer ${secret:TOKEN}', 'X-Old': 'x' },
};

describe('a server update', () => {
  it('changes only what it names, and env values by name: a string sets, null removes', () => {
    expect(updatedEntry(local, { env: { DROP: null, ADDED: 'yes' } })).toEqual({
      command: 'node',
      args: ['server.js'],
      env: { KEEP: '1', ADDED: 'yes' },
      cwd: '/srv',
    });
    expect(updatedEntry(local, { command: 'deno', args: [], cwd: null })).toEqual({
      command: 'deno',
      args: [],
      env: { KEEP: '1', DROP: '2' },
    });
  });

  it('changes the url and headers of a remote server', () => {
    expect(
      updatedEntry(remote, { url: 'https://other.example.com/mcp', headers: { 'X-Old': null } }),
    ).toEqual({
      url: 'https://other.example.com/mcp',
      headers: { Authorization: 'Bearer ${secret:TOKEN}' },
    });
  });

  it('refuses fields of the other kind of server by name', () => {
    expect(() => updatedEntry(remote, { command: 'node' })).toThrow(
      /^command: "remote" is a remote server; it has no command$/,
    );
    expect(() => updatedEntry(local, { headers: {} })).toThrow(/^headers: "memory" is a local/);
  });
});
