// The catalog shipped with Switchboard, entry by entry: what makes it usable with no network.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG, loadBundledCatalog } from '../../electron/gateway/catalog/catalog.ts';
import { ServerJsonSchema, describeEntryProblem, tagsOf } from '../../shared/catalog.ts';

const raw = (JSON.parse(readFileSync(BUNDLED_CATALOG, 'utf8')) as { servers: unknown[] }).servers;

describe('the bundled catalog', () => {
  it.each(raw.map((entry, index) => [index, (entry as { name?: string }).name, entry]))(
    'entry %i (%s) is valid server.json',
    (_index, _name, entry) => {
      const parsed = ServerJsonSchema.safeParse(entry);
      expect(parsed.success ? '' : describeEntryProblem(parsed.error)).toBe('');
    },
  );

  const { servers, problems } = loadBundledCatalog();

  it('holds at least 40 servers, each named once, and loads with no problem', () => {
    expect(problems).toEqual([]);
    expect(servers.length).toBeGreaterThanOrEqual(40);
    expect(new Set(servers.map((server) => server.name)).size).toBe(servers.length);
  });

  it('pins every package to an exact version, so an install is the same everywhere', () => {
    for (const server of servers)
      for (const pkg of server.packages ?? [])
        expect(pkg.version, `${server.name} ${pkg.identifier}`).toMatch(
          /^\d+\.\d+\.\d+([-.+][\w.]+)?$/,
        );
  });

  it('says where each server comes from and how to find it', () => {
    for (const server of servers) {
      expect(server.title, server.name).toBeTruthy();
      expect(server.repository?.url ?? server.websiteUrl, server.name).toMatch(/^https:\/\//);
      expect(tagsOf(server).length, server.name).toBeGreaterThan(0);
    }
  });

  it('covers every kind of install: npm, pypi, oci and remote', () => {
    const kinds = new Set(
      servers.flatMap((server) => [
        ...(server.packages ?? []).map((pkg) => pkg.registryType),
        ...(server.remotes?.length ? ['remote'] : []),
      ]),
    );
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['npm', 'oci', 'pypi', 'remote']));
  });

  it('marks the credentials of well-known servers as secret', () => {
    const github = servers.find((server) => server.name.endsWith('/server-github'));
    const token = github?.packages?.[0]?.environmentVariables?.find((env) =>
      env.name.includes('TOKEN'),
    );
    expect(token).toMatchObject({ isSecret: true, isRequired: true });
  });
});
