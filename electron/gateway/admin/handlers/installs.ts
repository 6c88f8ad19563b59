/** installs:*: installing catalog entries with progress, uninstalling, updates. */
import type { ServerJson } from '../../../../shared/catalog.ts';
import type { InstallSource } from '../../../../shared/install.ts';
import { findEntry } from '../../catalog/catalog.ts';
import { summaryOf } from '../../catalog/catalog-index.ts';
import type { Gateway } from '../../gateway.ts';
import {
  chooseInstall,
  defaultServerName,
  fillSettings,
  settingsFor,
} from '../../installs/install-plan.ts';
import { gatewayTarget } from '../../installs/install-targets.ts';
import { Installer } from '../../installs/installer.ts';
import { choiceSettings, planBundle } from '../../installs/mcpb/bundle-install.ts';
import { findUpdates, updateFor } from '../../installs/updates.ts';
import { conflict, invalidParams, notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';
import { gatewayCatalog } from './catalog.ts';

type Names =
  | 'installs:plan'
  | 'installs:start'
  | 'installs:list'
  | 'installs:bundle-plan'
  | 'installs:bundle'
  | 'installs:uninstall'
  | 'installs:updates'
  | 'installs:update';

function sourcesOf(server: ServerJson): InstallSource[] {
  const packages = (server.packages ?? [])
    .map((pkg) => pkg.registryType)
    .filter((type): type is Exclude<InstallSource, 'remote'> => type !== 'nuget');
  return [
    ...new Set<InstallSource>([
      ...packages,
      ...(server.remotes?.length ? (['remote'] as const) : []),
    ]),
  ];
}

export function installHandlers(gateway: Gateway): HandlerGroup<Names> {
  const installer = (defaultPolicy: 'allow' | 'ask' | 'deny' = 'ask') =>
    new Installer({
      dataDir: gateway.options.dataDir,
      secrets: gateway.trust.secrets,
      target: gatewayTarget(gateway, { defaultPolicy }),
      ...(process.env.PATH ? { path: process.env.PATH } : {}),
    });
  const entryNamed = async (name: string): Promise<ServerJson> => {
    const listing = await gatewayCatalog(gateway).listing();
    try {
      return findEntry(listing, name);
    } catch (error) {
      throw notFound((error as Error).message);
    }
  };
  /** What the user asked for cannot be done as asked: the reason, as invalid params. */
  const checked = async <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw invalidParams((error as Error).message);
    }
  };

  return {
    'installs:plan': async ({ catalog, source }) => {
      const server = await entryNamed(catalog);
      const choice = await checked(() => chooseInstall(server, source));
      const sources = sourcesOf(server);
      // A bundle asks for what its manifest declares: it is fetched (and checked) to know.
      const settings = await checked(() => choiceSettings(choice, gateway.options.dataDir));
      return {
        summary: summaryOf(server),
        source: choice.source,
        sources: [choice.source, ...sources.filter((item) => item !== choice.source)],
        ...('pkg' in choice && choice.pkg.version ? { version: choice.pkg.version } : {}),
        defaultName: defaultServerName(server),
        settings,
      };
    },
    'installs:start': async ({ catalog, version, name, source, values, defaultPolicy }) => {
      const server = await entryNamed(catalog);
      const serverName = name ?? defaultServerName(server);
      // Checked before the job starts, so a form hears of a missing setting at once.
      const choice = await checked(() => chooseInstall(server, source));
      if (choice.source !== 'mcpb') await checked(() => fillSettings(settingsFor(choice), values));
      if (gateway.supervisors.has(serverName))
        throw conflict(`a server named "${serverName}" is already configured`);
      const id = gateway.installs.run(serverName, (onProgress) =>
        installer(defaultPolicy).install({
          server,
          name: serverName,
          values,
          onProgress,
          ...(version ? { version } : {}),
          ...(source ? { source } : {}),
        }),
      );
      return { id, server: serverName };
    },
    'installs:list': async () => gateway.installs.list(),
    'installs:bundle-plan': async ({ file }) => checked(() => planBundle(file)),
    'installs:bundle': async ({ file, name, values, defaultPolicy }) => {
      const installed = await checked(() =>
        installer(defaultPolicy).installBundle({ file, values, ...(name ? { name } : {}) }),
      );
      return { server: installed.name, missingSecrets: installed.missingSecrets };
    },
    'installs:uninstall': async ({ name }) => {
      if (!gateway.supervisors.has(name)) throw notFound(`no server named "${name}" is configured`);
      return installer().uninstall(name);
    },
    'installs:updates': async () => {
      const listing = await gatewayCatalog(gateway).listing();
      const entries = await gatewayTarget(gateway).entries();
      return findUpdates(entries, (catalogName) => listing.index.get(catalogName));
    },
    'installs:update': async ({ name }) => {
      const listing = await gatewayCatalog(gateway).listing();
      const entries = await gatewayTarget(gateway).entries();
      try {
        const { entry } = updateFor(entries, (catalogName) => listing.index.get(catalogName), name);
        return await installer().update(name, entry);
      } catch (error) {
        throw conflict((error as Error).message);
      }
    },
  };
}
