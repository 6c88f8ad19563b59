/**
 * Installing an MCPB bundle: its files go to `<data dir>/servers/<name>` (through a staging
 * folder, so a failure leaves nothing), its `user_config` is asked for like a catalog entry's
 * settings (sensitive values to the secret store, `${secret:KEY}` in the entry), and
 * `server.mcp_config` becomes the `mcpServers` entry with its placeholders filled in.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { InstallRecord, SettingField } from '../../../../shared/install.ts';
import { ServerNameSchema, toServerName } from '../../config/servers-config.ts';
import { secretAccount } from '../../secrets/secret-store.ts';
import {
  fillSettings,
  settingsFor,
  type FilledSettings,
  type InstallChoice,
} from '../install-plan.ts';
import type { Entry, InstallerOptions } from '../installer.ts';
import { extractBundle, readBundle } from './bundle-archive.ts';
import { fetchCatalogBundle } from './bundle-download.ts';
import { bundleSettings, checkBundleValues, type BundleManifest } from './bundle-manifest.ts';

export type BundlePlan = {
  file: string;
  name: string;
  title: string;
  version: string;
  description: string;
  settings: SettingField[];
};

export type BundleRequest = {
  file: string;
  name?: string;
  values?: Record<string, string>;
  /** The catalog entry it came from, when it did. */
  catalog?: string;
};

/** `@scope/weather-tool` → `weather-tool`, in the server-name alphabet. */
export function bundleServerName(manifest: BundleManifest): string {
  const tail = manifest.name.split('/').pop() ?? manifest.name;
  return toServerName(tail);
}

export async function planBundle(file: string): Promise<BundlePlan> {
  const { manifest } = await readBundle(resolve(file));
  return {
    file: resolve(file),
    name: bundleServerName(manifest),
    title: manifest.display_name ?? manifest.name,
    version: manifest.version,
    description: manifest.description,
    settings: bundleSettings(manifest),
  };
}

/**
 * The settings a catalog choice asks for: the entry's own, or for a bundle its manifest's
 * user_config (the bundle is fetched and checked to know them).
 */
export async function choiceSettings(
  choice: InstallChoice,
  dataDir: string,
): Promise<SettingField[]> {
  if (choice.source !== 'mcpb') return settingsFor(choice);
  return (await planBundle(await fetchCatalogBundle(choice.pkg, { dataDir }))).settings;
}

/** The spec's own variables besides `user_config`: where things are on this machine. */
function systemVariables(dir: string): Record<string, string> {
  const home = homedir();
  return {
    __dirname: dir,
    HOME: home,
    DESKTOP: join(home, 'Desktop'),
    DOCUMENTS: join(home, 'Documents'),
    DOWNLOADS: join(home, 'Downloads'),
    pathSeparator: sep,
    '/': sep,
  };
}

function substitute(text: string, dir: string, filled: FilledSettings): string {
  const system = systemVariables(dir);
  return text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name.startsWith('user_config.')) return filled.valueOf(name.slice(12)) ?? '';
    return system[name] ?? whole;
  });
}

/** The entry for the bundle installed in `dir`: a `multiple` value gives one argument per line. */
export function bundleEntry(manifest: BundleManifest, dir: string, filled: FilledSettings): Entry {
  const config = manifest.server.mcp_config;
  const args: string[] = [];
  for (const arg of config.args) {
    const whole = /^\$\{user_config\.([^}]+)\}$/.exec(arg)?.[1];
    if (whole && manifest.user_config[whole]?.sensitive)
      throw new Error(
        `${whole} is a secret passed as an argument, which Switchboard cannot keep out of the config`,
      );
    const value = substitute(arg, dir, filled);
    if (whole && manifest.user_config[whole]?.multiple)
      args.push(...value.split('\n').filter((line) => line.trim() !== ''));
    else if (!(whole && value === '')) args.push(value);
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.env)) {
    const filledValue = substitute(value, dir, filled);
    if (filledValue !== '') env[key] = filledValue;
  }
  return { command: substitute(config.command, dir, filled), args, env };
}

export async function installBundle(
  options: InstallerOptions,
  serverDir: (name: string) => string,
  request: BundleRequest,
): Promise<{ name: string; entry: Entry; missingSecrets: string[] }> {
  const file = resolve(request.file);
  const bundle = await readBundle(file);
  const { manifest } = bundle;
  const name = request.name ?? bundleServerName(manifest);
  const validName = ServerNameSchema.safeParse(name);
  if (!validName.success)
    throw new Error(`"${name}" is not a usable server name: ${validName.error.issues[0]!.message}`);
  if (name in (await options.target.entries()))
    throw new Error(`a server named "${name}" is already configured (choose another with --name)`);
  const values = request.values ?? {};
  const fields = bundleSettings(manifest);
  const filled = fillSettings(fields, values);
  checkBundleValues(manifest, values);

  const dir = serverDir(name);
  if (
    await stat(dir).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${dir} exists already: remove it or choose another name with --name`);
  const record: InstallRecord & { file: string } = {
    source: 'mcpb',
    ...(request.catalog ? { catalog: request.catalog } : {}),
    package: manifest.name,
    version: manifest.version,
    dir,
    file,
    installedAt: Date.now(),
  };
  const entry: Entry = { ...bundleEntry(manifest, dir, filled), install: record };
  const staging = `${dir}.staging-${randomBytes(4).toString('hex')}`;
  const stored: string[] = [];
  try {
    await extractBundle(bundle, staging);
    await rename(staging, dir);
    for (const [key, value] of Object.entries(filled.secrets)) {
      await options.secrets.set(secretAccount(name, key), value);
      stored.push(key);
    }
    await options.target.add(name, entry);
  } catch (error) {
    for (const key of stored)
      await options.secrets.delete(secretAccount(name, key)).catch(() => {});
    await rm(staging, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const missingSecrets = fields
    .filter((item) => item.isSecret && item.isRequired && !values[item.name])
    .map((item) => item.name);
  return { name, entry, missingSecrets };
}
