/**
 * Where `switchboard install|uninstall|update` do their work: through the running gateway's
 * admin API when one runs for the data dir (the server starts at once and the dashboard sees
 * the progress), else straight on the data dir and its servers file (the next `serve` starts it).
 */
import type { HttpEngineApi } from '../../../shared/http-engine-client.ts';
import type { InstallProgress, InstallSource, SettingField } from '../../../shared/install.ts';
import { Catalog, findEntry } from '../catalog/catalog.ts';
import { RegistryClient } from '../catalog/registry-client.ts';
import { SettingsStore } from '../config/settings.ts';
import { chooseInstall } from '../installs/install-plan.ts';
import { fileTarget } from '../installs/install-targets.ts';
import { Installer } from '../installs/installer.ts';
import { choiceSettings, planBundle } from '../installs/mcpb/bundle-install.ts';
import { findUpdates, updateFor, type AvailableUpdate } from '../installs/updates.ts';
import type { NpmProgress } from '../installs/npm-install.ts';
import { openSecretStore } from '../secrets/open-secret-store.ts';
import { ensureDefaultServersFile } from './default-servers.ts';
import { callApi, runningGateway } from './running-gateway.ts';

export type InstallArgs = {
  catalog: string;
  version?: string;
  name?: string;
  source?: InstallSource;
  values: Record<string, string>;
};

export type BundleArgs = { file: string; name?: string; values: Record<string, string> };

export type Backend = {
  where: string;
  /** The settings the entry asks for. */
  settings(catalog: string, source?: InstallSource): Promise<SettingField[]>;
  install(
    args: InstallArgs,
    onProgress: (progress: NpmProgress) => void,
  ): Promise<{ name: string }>;
  /** A local .mcpb bundle: the settings its manifest asks for, then the install. */
  bundleSettings(file: string): Promise<SettingField[]>;
  installBundle(args: BundleArgs): Promise<{ name: string }>;
  uninstall(name: string): Promise<{ files: boolean; secrets: number }>;
  updates(): Promise<AvailableUpdate[]>;
  update(
    name: string,
    onProgress: (progress: NpmProgress) => void,
  ): Promise<{ from?: string; to: string }>;
  close(): void;
};

export type BackendOptions = {
  dataDir: string;
  config?: string;
  registry?: string;
  offline?: boolean;
};

function apiBackend(api: HttpEngineApi, url: string): Backend {
  return {
    where: `the running gateway at ${url}`,
    settings: async (catalog, source) =>
      (await callApi(api, 'installs:plan', { catalog, ...(source ? { source } : {}) })).settings,
    async install(args, onProgress) {
      const events: InstallProgress[] = [];
      let wake = () => {};
      const stop = api.subscribe('installs:progress', (progress) => {
        events.push(progress);
        wake();
      });
      try {
        await api.ready();
        const { id, server } = await callApi(api, 'installs:start', args);
        for (;;) {
          const mine = events.filter((item) => item.id === id);
          events.length = 0;
          for (const item of mine) {
            const line = item.lines.at(-1);
            onProgress({
              phase: item.phase === 'done' || item.phase === 'failed' ? 'finishing' : item.phase,
              ...(item.fraction !== undefined ? { fraction: item.fraction } : {}),
              ...(line ? { line } : {}),
            });
            if (item.phase === 'failed') throw new Error(item.error ?? 'the install failed');
            if (item.phase === 'done') return { name: server };
          }
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        stop();
      }
    },
    bundleSettings: async (file) => (await callApi(api, 'installs:bundle-plan', { file })).settings,
    installBundle: async (args) => ({
      name: (await callApi(api, 'installs:bundle', args)).server,
    }),
    uninstall: (name) => callApi(api, 'installs:uninstall', { name }),
    updates: () => callApi(api, 'installs:updates', {}),
    update: (name) => callApi(api, 'installs:update', { name }),
    close: () => api.close(),
  };
}

async function localBackend(options: BackendOptions): Promise<Backend> {
  const file = options.config ?? ensureDefaultServersFile(options.dataDir).file;
  const settings = new SettingsStore(options.dataDir).read().catalog;
  const registryUrl = options.offline
    ? undefined
    : (options.registry ?? settings.registryUrl ?? undefined);
  const catalog = new Catalog({
    dataDir: options.dataDir,
    ...(registryUrl ? { registry: new RegistryClient({ baseUrl: registryUrl }) } : {}),
    cacheMs: settings.cacheMinutes * 60_000,
  });
  const secrets = await openSecretStore({
    dataDir: options.dataDir,
    log: { info: () => {}, warn: (line) => console.error(line) },
  });
  const target = fileTarget(file);
  const installer = new Installer({
    dataDir: options.dataDir,
    secrets,
    target,
    ...(process.env.PATH ? { path: process.env.PATH } : {}),
  });
  const updates = async () => {
    const listing = await catalog.listing();
    return findUpdates(await target.entries(), (name) => listing.index.get(name));
  };
  return {
    where: `${file} (no gateway is running; the next "switchboard serve" starts it)`,
    settings: async (name, source) =>
      choiceSettings(
        chooseInstall(findEntry(await catalog.listing(), name), source),
        options.dataDir,
      ),
    async install(args, onProgress) {
      const server = findEntry(await catalog.listing(), args.catalog);
      return installer.install({
        server,
        values: args.values,
        onProgress,
        ...(args.version ? { version: args.version } : {}),
        ...(args.name ? { name: args.name } : {}),
        ...(args.source ? { source: args.source } : {}),
      });
    },
    bundleSettings: async (file) => (await planBundle(file)).settings,
    installBundle: (args) => installer.installBundle(args),
    uninstall: (name) => installer.uninstall(name),
    updates,
    async update(name, onProgress) {
      const listing = await catalog.listing();
      const lookup = (catalogName: string) => listing.index.get(catalogName);
      const { entry } = updateFor(await target.entries(), lookup, name);
      return installer.update(name, entry, onProgress);
    },
    close: () => {},
  };
}

/** The running gateway's API if it answers, else the files. */
export async function openBackend(options: BackendOptions): Promise<Backend> {
  const running = options.config ? undefined : await runningGateway(options.dataDir);
  return running ? apiBackend(running.api, running.url) : localBackend(options);
}
