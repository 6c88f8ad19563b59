/**
 * Finds catalog entries: ranked by name, title, description and tags (BM25+ through MiniSearch,
 * with the same word splitting and stemming as tool search), filtered by package type,
 * transport and whether a secret is needed. With no query, every matching entry, by name.
 */
import MiniSearch from 'minisearch';
import { needsSecret, settingsOf, tagsOf, type ServerJson } from '../../../shared/catalog.ts';
import type { CatalogFilters, CatalogSummary, EntryKind } from '../../../shared/catalog-view.ts';
import { processTerm, splitWords } from '../tool-search/tool-index.ts';

export function kindsOf(server: ServerJson): EntryKind[] {
  const kinds = new Set<EntryKind>((server.packages ?? []).map((pkg) => pkg.registryType));
  if (server.remotes?.length) kinds.add('remote');
  return [...kinds];
}

export function transportsOf(server: ServerJson): string[] {
  return [
    ...new Set([
      ...(server.packages ?? []).map((pkg) => pkg.transport.type),
      ...(server.remotes ?? []).map((remote) => remote.type),
    ]),
  ];
}

export function summaryOf(server: ServerJson): CatalogSummary {
  return {
    name: server.name,
    ...(server.title ? { title: server.title } : {}),
    description: server.description,
    version: server.version,
    kinds: kindsOf(server),
    transports: transportsOf(server),
    needsSecret: needsSecret(server),
    settings: settingsOf(server).map((input) => ({
      name: input.name,
      isSecret: input.isSecret === true,
      isRequired: input.isRequired === true,
      ...(input.description ? { description: input.description } : {}),
    })),
    tags: tagsOf(server),
    ...(server.repository?.url ? { repository: server.repository.url } : {}),
  };
}

function matches(server: ServerJson, filters: CatalogFilters): boolean {
  if (filters.kind && !kindsOf(server).includes(filters.kind)) return false;
  if (filters.transport && !transportsOf(server).includes(filters.transport)) return false;
  if (filters.needsSecret !== undefined && needsSecret(server) !== filters.needsSecret)
    return false;
  return true;
}

type Document = { id: string; name: string; title: string; description: string; tags: string };

export class CatalogIndex {
  readonly #servers = new Map<string, ServerJson>();
  readonly #search = new MiniSearch<Document>({
    fields: ['name', 'title', 'description', 'tags'],
    tokenize: splitWords,
    processTerm,
    searchOptions: {
      boost: { name: 3, title: 2.5, tags: 2, description: 1 },
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      combineWith: 'OR',
    },
  });

  /** The first entry of a name wins (callers put the fresher source first). */
  constructor(servers: readonly ServerJson[]) {
    for (const server of servers) {
      if (this.#servers.has(server.name)) continue;
      this.#servers.set(server.name, server);
      this.#search.add({
        id: server.name,
        name: server.name,
        title: server.title ?? '',
        description: server.description,
        tags: tagsOf(server).join(' '),
      });
    }
  }

  get size(): number {
    return this.#servers.size;
  }

  get(name: string): ServerJson | undefined {
    return this.#servers.get(name);
  }

  search(query: string | undefined, filters: CatalogFilters = {}, limit = 50): ServerJson[] {
    const ranked = query?.trim()
      ? this.#search.search(query).map((result) => this.#servers.get(String(result.id))!)
      : [...this.#servers.values()].sort((a, b) => a.name.localeCompare(b.name));
    return ranked.filter((server) => matches(server, filters)).slice(0, limit);
  }
}
