/** `switchboard catalog search|show`: the catalog, with no gateway running. */
import { InvalidArgumentError, type Command } from 'commander';
import type { ServerJson } from '../../../shared/catalog.ts';
import {
  EntryKindSchema,
  type CatalogFilters,
  type CatalogSource,
} from '../../../shared/catalog-view.ts';
import { Catalog, findEntry, type Listing } from '../catalog/catalog.ts';
import { summaryOf } from '../catalog/catalog-index.ts';
import { DEFAULT_REGISTRY_URL, RegistryClient } from '../catalog/registry-client.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import { formatTable } from './format-table.ts';
import { UsageError } from './serve-command.ts';

type SourceOptions = { dataDir: string; offline?: boolean; registry: string; refresh?: boolean };

function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** Where the entries came from, and why the live registry was not used when it was not. */
export function describeSource(source: CatalogSource, registry: string, now = Date.now()): string {
  const age = source.fetchedAt !== undefined ? ` (fetched ${ago(now - source.fetchedAt)})` : '';
  const why = source.note ? `: ${source.note}` : '';
  switch (source.kind) {
    case 'registry':
      return `Source: the MCP Registry at ${registry}${age}, and the bundled catalog.`;
    case 'cache':
      return `Source: the cached registry listing${age} and the bundled catalog${source.note === 'offline' ? ' (offline)' : ` (registry not used${why})`}.`;
    case 'bundled':
      return `Source: the bundled catalog only${source.note === 'offline' ? ' (offline)' : ` (registry not used${why})`}.`;
  }
}

async function open(options: SourceOptions): Promise<Listing> {
  const registry = options.offline ? undefined : new RegistryClient({ baseUrl: options.registry });
  return new Catalog({ dataDir: options.dataDir, ...(registry ? { registry } : {}) }).listing({
    ...(options.refresh ? { refresh: true } : {}),
  });
}

function sourceOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'where the registry listing is cached', defaultDataDir())
    .option('--registry <url>', 'the MCP Registry to ask', DEFAULT_REGISTRY_URL)
    .option('--offline', 'use only the bundled catalog and the cached listing')
    .option('--refresh', 'ask the registry even if the cached listing is recent')
    .option('--json', 'print JSON');
}

function kind(value: string) {
  const parsed = EntryKindSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError(`use one of ${EntryKindSchema.options.join(', ')}`);
  return parsed.data;
}

function transport(value: string) {
  if (value !== 'stdio' && value !== 'streamable-http' && value !== 'sse')
    throw new InvalidArgumentError('use stdio, streamable-http or sse');
  return value;
}

function formatEntry(server: ServerJson): string {
  const summary = summaryOf(server);
  const lines = [
    `${summary.title ?? summary.name}  (${summary.name} ${summary.version})`,
    `  ${summary.description}`,
  ];
  if (summary.repository) lines.push(`  Repository: ${summary.repository}`);
  for (const pkg of server.packages ?? [])
    lines.push(
      `  Package: ${pkg.registryType} ${pkg.identifier}${pkg.version ? `@${pkg.version}` : ''} over ${pkg.transport.type}${pkg.runtimeHint ? ` (runs with ${pkg.runtimeHint})` : ''}`,
    );
  for (const remote of server.remotes ?? []) lines.push(`  Remote: ${remote.type} ${remote.url}`);
  for (const setting of summary.settings)
    lines.push(
      `  Needs ${setting.name}${setting.isSecret ? ' (secret)' : ''}${setting.isRequired ? ', required' : ''}${setting.description ? `: ${setting.description}` : ''}`,
    );
  if (summary.tags.length) lines.push(`  Tags: ${summary.tags.join(', ')}`);
  return lines.join('\n');
}

export function registerCatalogCommands(program: Command): void {
  const catalog = program
    .command('catalog')
    .description('find servers to install: the MCP Registry, or the bundled catalog offline');
  sourceOptions(
    catalog
      .command('search [query...]')
      .description('search by name, title, description and tags (no query: list everything)')
      .option('--kind <kind>', 'npm, pypi, oci, mcpb or remote', kind)
      .option('--transport <transport>', 'stdio, streamable-http or sse', transport)
      .option('--needs-secret', 'only servers that need a secret')
      .option('--no-secret', 'only servers that need no secret')
      .option('--limit <n>', 'how many to show', (value) => Number(value), 25),
  ).action(
    async (
      words: string[],
      options: SourceOptions &
        CatalogFilters & { json?: boolean; needsSecret?: boolean; secret?: boolean; limit: number },
    ) => {
      const listing = await open(options);
      const filters: CatalogFilters = {
        ...(options.kind ? { kind: options.kind } : {}),
        ...(options.transport ? { transport: options.transport } : {}),
        ...(options.needsSecret
          ? { needsSecret: true }
          : options.secret === false
            ? { needsSecret: false }
            : {}),
      };
      const found = listing.index.search(words.join(' '), filters, options.limit);
      if (options.json) {
        console.log(
          JSON.stringify({ source: listing.source, entries: found.map(summaryOf) }, null, 2),
        );
        return;
      }
      const rows = found.map((server) => {
        const summary = summaryOf(server);
        return [
          summary.name,
          summary.kinds.join(','),
          summary.needsSecret ? 'yes' : '',
          summary.description,
        ];
      });
      console.log(
        rows.length
          ? formatTable(['NAME', 'KIND', 'SECRET', 'DESCRIPTION'], rows)
          : 'No server matches.',
      );
      console.log(`\n${describeSource(listing.source, options.registry)}`);
      for (const problem of listing.problems)
        console.error(
          `Left out entry ${problem.index}${problem.name ? ` (${problem.name})` : ''} of the ${problem.source}: ${problem.problem}`,
        );
    },
  );
  sourceOptions(
    catalog.command('show <name>').description('everything an entry says, and what it needs'),
  ).action(async (name: string, options: SourceOptions & { json?: boolean }) => {
    const listing = await open(options);
    let server: ServerJson;
    try {
      server = findEntry(listing, name);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    console.log(options.json ? JSON.stringify(server, null, 2) : formatEntry(server));
    if (!options.json) console.log(`\n${describeSource(listing.source, options.registry)}`);
  });
}
