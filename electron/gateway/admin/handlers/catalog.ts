/** catalog:search and catalog:show for the dashboard: the same catalog as `switchboard catalog`. */
import { Catalog, findEntry } from '../../catalog/catalog.ts';
import { summaryOf } from '../../catalog/catalog-index.ts';
import { RegistryClient } from '../../catalog/registry-client.ts';
import type { Gateway } from '../../gateway.ts';
import { notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';

/** The catalog as the gateway's settings say now (a changed registry URL applies at once). */
export function gatewayCatalog(gateway: Gateway): Catalog {
  const { registryUrl, cacheMinutes } = gateway.settings.catalog;
  return new Catalog({
    dataDir: gateway.options.dataDir,
    ...(registryUrl ? { registry: new RegistryClient({ baseUrl: registryUrl }) } : {}),
    cacheMs: cacheMinutes * 60_000,
  });
}

export function catalogHandlers(gateway: Gateway): HandlerGroup<'catalog:search' | 'catalog:show'> {
  const catalog = () => gatewayCatalog(gateway);
  return {
    'catalog:search': async ({ query, limit, refresh, ...filters }) => {
      const listing = await catalog().listing(refresh ? { refresh } : {});
      return {
        entries: listing.index.search(query, filters, limit).map(summaryOf),
        source: listing.source,
        problems: listing.problems,
      };
    },
    'catalog:show': async ({ name }) => {
      const listing = await catalog().listing();
      try {
        const server = findEntry(listing, name);
        return { server, summary: summaryOf(server) };
      } catch (error) {
        throw notFound((error as Error).message);
      }
    },
  };
}
