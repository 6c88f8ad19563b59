/**
 * Installs, uninstalls and updates servers from catalog entries: files into the data dir
 * (npm), runtimes checked (uvx, docker/podman), secrets into the secret store, and the
 * `mcpServers` entry handed to a target (the running gateway, or the servers file when none
 * runs). Any failure undoes what was done so far: no files, no secrets, no entry.
 */
import { rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ServerJson } from '../../../shared/catalog.ts';
import {
  InstallRecordSchema,
  type InstallRecord,
  type InstallSource,
} from '../../../shared/install.ts';
import { ServerNameSchema } from '../config/servers-config.ts';
import { parseSecretAccount, secretAccount, type SecretStore } from '../secrets/secret-store.ts';
import {
  argumentsOf,
  chooseInstall,
  defaultServerName,
  environmentOf,
  fillSettings,
  remoteEntry,
  settingsFor,
  type FilledSettings,
  type InstallChoice,
} from './install-plan.ts';
import { fetchCatalogBundle } from './mcpb/bundle-download.ts';
import { installBundle, type BundleRequest } from './mcpb/bundle-install.ts';
import { installNpmPackage, type NpmProgress } from './npm-install.ts';
import { requireContainerRuntime, requireUvx } from './runtimes.ts';

export type Entry = Record<string, unknown>;

/** Where entries go: the running gateway (saves and starts them) or the servers file. */
export type ServerTarget = {
  entries(): Promise<Record<string, Entry>>;
  add(name: string, entry: Entry): Promise<void>;
  /** Replaces the entry and restarts the server; `whileStopped` runs with the server down. */
  replace(name: string, entry: Entry, whileStopped?: () => Promise<void>): Promise<void>;
  /** Stops it first, so its files can go. */
  remove(name: string): Promise<void>;
};

export type InstallRequest = {
  server: ServerJson;
  /** A version other than the entry's (npm, pypi, oci). */
  version?: string;
  name?: string;
  source?: InstallSource;
  values?: Record<string, string>;
  onProgress?: (progress: NpmProgress) => void;
};

export type InstallerOptions = {
  dataDir: string;
  secrets: SecretStore;
  target: ServerTarget;
  /** PATH to find runtimes on (the login shell's in the desktop app). */
  path?: string;
};

export function installRecordOf(entry: Entry | undefined): InstallRecord | undefined {
  const parsed = InstallRecordSchema.safeParse(entry?.install);
  return parsed.success ? parsed.data : undefined;
}

export class Installer {
  readonly #options: InstallerOptions;

  constructor(options: InstallerOptions) {
    this.#options = options;
  }

  serverDir(name: string): string {
    return join(this.#options.dataDir, 'servers', name);
  }

  /** Installs and adds the server; returns its name and the required secrets left unset. */
  async install(
    request: InstallRequest,
  ): Promise<{ name: string; entry: Entry; missingSecrets: string[] }> {
    const { server, onProgress = () => {} } = request;
    const name = request.name ?? defaultServerName(server);
    const validName = ServerNameSchema.safeParse(name);
    if (!validName.success)
      throw new Error(
        `"${name}" is not a usable server name: ${validName.error.issues[0]!.message}`,
      );
    if (name in (await this.#options.target.entries()))
      throw new Error(
        `a server named "${name}" is already configured (choose another name with --name)`,
      );
    const choice = chooseInstall(server, request.source);
    if (choice.source === 'mcpb') {
      // A bundle's settings are its manifest's user_config, not the entry's: it installs as one.
      onProgress({ phase: 'downloading', line: `Fetching ${choice.pkg.identifier}` });
      const file = await fetchCatalogBundle(choice.pkg, { dataDir: this.#options.dataDir });
      onProgress({ phase: 'finishing', fraction: 1, line: 'Unpacking the bundle' });
      return this.installBundle({ file, name, values: request.values ?? {}, catalog: server.name });
    }
    const fields = settingsFor(choice);
    const filled = fillSettings(fields, request.values ?? {});
    const record: InstallRecord = {
      source: choice.source,
      catalog: server.name,
      installedAt: Date.now(),
    };
    const entry = await this.#build(name, choice, filled, record, request.version, onProgress);
    const stored: string[] = [];
    try {
      for (const [key, value] of Object.entries(filled.secrets)) {
        await this.#options.secrets.set(secretAccount(name, key), value);
        stored.push(key);
      }
      await this.#options.target.add(name, entry);
    } catch (error) {
      for (const key of stored)
        await this.#options.secrets.delete(secretAccount(name, key)).catch(() => {});
      await rm(this.serverDir(name), { recursive: true, force: true });
      throw error;
    }
    const missingSecrets = fields
      .filter((item) => item.isSecret && item.isRequired && !(request.values ?? {})[item.name])
      .map((item) => item.name);
    return { name, entry, missingSecrets };
  }

  async #build(
    name: string,
    choice: InstallChoice,
    filled: FilledSettings,
    record: InstallRecord,
    version: string | undefined,
    onProgress: (progress: NpmProgress) => void,
  ): Promise<Entry> {
    if (choice.source === 'remote')
      return { ...remoteEntry(choice.remote, filled), install: record };
    const { pkg } = choice;
    const pinned = version ?? pkg.version;
    if (!pinned)
      throw new Error(`${pkg.identifier} has no version to pin: give one (NAME@VERSION)`);
    const env = environmentOf(pkg, filled);
    const args = argumentsOf(pkg.packageArguments, filled);
    const installed = { ...record, package: pkg.identifier, version: pinned };
    switch (pkg.registryType) {
      case 'npm': {
        const dir = this.serverDir(name);
        const { bin } = await installNpmPackage({
          identifier: pkg.identifier,
          version: pinned,
          dir,
          onProgress,
        });
        return { command: 'node', args: [bin, ...args], env, install: { ...installed, dir } };
      }
      case 'pypi': {
        const uvx = requireUvx(this.#options.path);
        const runtime = argumentsOf(pkg.runtimeArguments, filled);
        return {
          command: uvx,
          args: [...runtime, `${pkg.identifier}==${pinned}`, ...args],
          env,
          install: installed,
        };
      }
      case 'oci': {
        const runtime = requireContainerRuntime(this.#options.path);
        // An identifier may carry its tag already (registry/name:tag); else the version is the tag.
        const image =
          /[:@][^/]+$/.test(pkg.identifier) && !version
            ? pkg.identifier
            : `${pkg.identifier.replace(/:[^/]+$/, '')}:${pinned}`;
        const passEnv = Object.keys(env).flatMap((key) => ['-e', key]);
        const runtimeArgs = argumentsOf(pkg.runtimeArguments, filled);
        return {
          command: runtime,
          args: ['run', '-i', '--rm', ...runtimeArgs, ...passEnv, image, ...args],
          env,
          install: installed,
        };
      }
      default:
        throw new Error(
          `${pkg.registryType} packages are installed from a file (switchboard install FILE.mcpb)`,
        );
    }
  }

  /** Installs an MCPB bundle from a local file (see mcpb/bundle-install.ts). */
  installBundle(request: BundleRequest) {
    return installBundle(this.#options, (name) => this.serverDir(name), request);
  }

  /** Removes the entry, its files in the data dir and its secrets. */
  async uninstall(name: string): Promise<{ files: boolean; secrets: number }> {
    const entries = await this.#options.target.entries();
    if (!(name in entries)) throw new Error(`no server named "${name}" is configured`);
    const record = installRecordOf(entries[name]);
    await this.#options.target.remove(name);
    let secrets = 0;
    for (const account of await this.#options.secrets.list()) {
      if (parseSecretAccount(account)?.server !== name) continue;
      if (await this.#options.secrets.delete(account)) secrets += 1;
    }
    const dir = record?.dir;
    if (dir) await rm(dir, { recursive: true, force: true });
    return { files: Boolean(dir), secrets };
  }

  /** Moves an installed npm server to `server`'s version, keeping its settings (env, args past the script). */
  async update(
    name: string,
    server: ServerJson,
    onProgress: (progress: NpmProgress) => void = () => {},
  ) {
    const entries = await this.#options.target.entries();
    const current = entries[name];
    const record = installRecordOf(current);
    if (!current || !record)
      throw new Error(`"${name}" was not installed by Switchboard, so it cannot be updated`);
    const choice = chooseInstall(server, record.source);
    if (!('pkg' in choice) || !choice.pkg.version)
      throw new Error(`${server.name} has no package version to update to`);
    const to = choice.pkg.version;
    const next: Entry = {
      ...current,
      install: { ...record, version: to, installedAt: Date.now() },
    };
    if (record.source === 'npm') {
      const dir = record.dir!;
      const staged = `${dir}.next`;
      const { bin } = await installNpmPackage({
        identifier: choice.pkg.identifier,
        version: to,
        dir: staged,
        onProgress,
      });
      const args = Array.isArray(current.args) ? (current.args as string[]).slice(1) : [];
      next.args = [join(dir, relative(staged, bin)), ...args];
      // The old files go only once the server no longer runs from them.
      await this.#options.target.replace(name, next, async () => {
        await rm(dir, { recursive: true, force: true });
        await rename(staged, dir);
      });
    } else if (Array.isArray(current.args)) {
      const pinnedOld = record.source === 'pypi' ? `==${record.version}` : `:${record.version}`;
      const pinnedNew = record.source === 'pypi' ? `==${to}` : `:${to}`;
      next.args = (current.args as string[]).map((arg) =>
        arg.endsWith(pinnedOld) ? arg.slice(0, -pinnedOld.length) + pinnedNew : arg,
      );
      await this.#options.target.replace(name, next);
    }
    return { from: record.version, to };
  }
}
