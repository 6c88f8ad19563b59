/**
 * servers:settings/configure/add/remove/import: what a server is and how it runs. Changes are
 * saved (the `mcpServers` file for servers, settings.json for options) and applied at once.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ServerSettingsSchema } from '../../../../shared/contract.ts';
import type { z } from 'zod';
import { parseServerEntry, type ServerSpec } from '../../config/servers-config.ts';
import { readServersFileEntries, updateServersFile } from '../../config/servers-file.ts';
import type { ServerOptions } from '../../config/settings.ts';
import type { Gateway } from '../../gateway.ts';
import { secretReferenceStatus } from '../../secrets/secret-references.ts';
import { parseSecretAccount } from '../../secrets/secret-store.ts';
import { DEFAULT_ISOLATION } from '../../upstream/server-supervisor.ts';
import { conflict, invalidParams, notFound } from '../api-errors.ts';
import type { HandlerGroup } from '../engine-service.ts';
import { updateServer } from './server-update.ts';
import { OK, supervisorOf } from './servers.ts';

type Entry = Record<string, unknown>;

/** Env and header names and whether each referenced secret is set: never a value. */
export async function settingsView(
  gateway: Gateway,
  name: string,
): Promise<z.output<typeof ServerSettingsSchema>> {
  const supervisor = supervisorOf(gateway, name);
  const spec = supervisor.spec;
  const store = gateway.trust.secrets;
  const holder = spec.kind === 'stdio' ? { env: spec.env } : { headers: spec.headers };
  const shared = await secretReferenceStatus(holder, { server: name, store });
  const referenced = new Set(shared.map((status) => status.name));
  const perProfile = (await store.list())
    .map(parseSecretAccount)
    .filter(
      (account) => account?.server === name && account.profile && referenced.has(account.key),
    );
  const { defaultPolicy, resultCacheSeconds } = gateway.settings.servers[name] ?? {};
  return {
    name,
    transport: spec.kind,
    ...(spec.kind === 'stdio'
      ? { command: spec.command, args: spec.args, ...(spec.cwd ? { cwd: spec.cwd } : {}) }
      : { url: spec.url }),
    envKeys: spec.kind === 'stdio' ? Object.keys(spec.env) : [],
    headerKeys: spec.kind === 'stdio' ? [] : Object.keys(spec.headers),
    secrets: [
      ...shared.map((status) => ({ key: status.name, set: status.account !== undefined })),
      ...perProfile.map((account) => ({ key: account!.key, set: true, profile: account!.profile })),
    ],
    isolation: supervisor.isolation,
    lazy: Boolean(supervisor.options.lazy),
    prefix: supervisor.prefix,
    ...(defaultPolicy ? { defaultPolicy } : {}),
    ...(resultCacheSeconds ? { resultCacheSeconds } : {}),
  };
}

function parseEntry(source: string, name: string, entry: Entry): ServerSpec {
  const spec = parseServerEntry(source, name, entry);
  if (!spec) throw invalidParams(`entry: server "${name}" is disabled ("disabled": true)`);
  return spec;
}

/** Starts added servers and saves their options; newly installed tools ask first by default. */
function mountAll(gateway: Gateway, specs: ServerSpec[], options: ServerOptions): void {
  for (const spec of specs) {
    if (gateway.supervisors.has(spec.name))
      throw conflict(`a server named "${spec.name}" is already configured`);
    gateway.settingsStore.setServerOptions(spec.name, options);
    gateway.addServer(spec, options);
  }
}

type Names =
  | 'servers:settings'
  | 'servers:update'
  | 'servers:configure'
  | 'servers:add'
  | 'servers:remove'
  | 'servers:import';

export function serverSetupHandlers(gateway: Gateway): HandlerGroup<Names> {
  const configFile = () => gateway.options.configFile;
  return {
    'servers:settings': ({ name }) => settingsView(gateway, name),
    'servers:update': async ({ name, ...update }) => {
      await updateServer(gateway, name, update);
      return settingsView(gateway, name);
    },
    'servers:configure': async ({ name, isolation, lazy, defaultPolicy, resultCacheSeconds }) => {
      const supervisor = supervisorOf(gateway, name);
      const next: ServerOptions = { ...gateway.settings.servers[name] };
      if (isolation !== undefined) next.isolation = isolation;
      if (lazy !== undefined) next.lazy = lazy;
      if (defaultPolicy === null) delete next.defaultPolicy;
      else if (defaultPolicy !== undefined) next.defaultPolicy = defaultPolicy;
      if (resultCacheSeconds === null) {
        delete next.resultCacheSeconds;
        gateway.trust.results.invalidate(name);
      } else if (resultCacheSeconds !== undefined) next.resultCacheSeconds = resultCacheSeconds;
      gateway.settingsStore.setServerOptions(name, next);
      const rebuild =
        (next.isolation ?? DEFAULT_ISOLATION[supervisor.spec.kind]) !== supervisor.isolation ||
        Boolean(next.lazy) !== Boolean(supervisor.options.lazy);
      if (rebuild) {
        // Isolation and laziness are fixed per supervisor: it is replaced.
        await gateway.removeServer(name);
        gateway.addServer(supervisor.spec, next);
      } else {
        gateway.settings = {
          ...gateway.settings,
          servers: { ...gateway.settings.servers, [name]: next },
        };
        gateway.settingsChanged();
      }
      return settingsView(gateway, name);
    },
    'servers:add': async ({ name, entry, defaultPolicy }) => {
      const spec = parseEntry('servers:add', name, entry);
      if (gateway.supervisors.has(name))
        throw conflict(`a server named "${name}" is already configured`);
      const file = configFile();
      if (file)
        await updateServersFile(file, (servers) => {
          if (name in servers) throw conflict(`${file} has a server named "${name}" already`);
          servers[name] = entry;
        });
      mountAll(gateway, [spec], { defaultPolicy });
      return supervisorOf(gateway, name).summary();
    },
    'servers:remove': async ({ name }) => {
      supervisorOf(gateway, name);
      const file = configFile();
      if (file)
        await updateServersFile(file, (servers) => {
          delete servers[name];
        });
      gateway.settingsStore.deleteServerOptions(name);
      await gateway.removeServer(name);
      return OK;
    },
    'servers:import': async ({ file }) => {
      const path = resolve(file);
      await access(path).catch(() => {
        throw notFound(`${path} does not exist or cannot be read`);
      });
      const skipped: string[] = [];
      const adding = new Map<string, { spec: ServerSpec; entry: Entry }>();
      for (const [name, entry] of Object.entries(await readServersFileEntries(path))) {
        const spec = gateway.supervisors.has(name)
          ? undefined
          : parseServerEntry(path, name, entry);
        if (spec) adding.set(name, { spec, entry });
        else skipped.push(name);
      }
      const target = configFile();
      if (target && adding.size > 0)
        await updateServersFile(target, (servers) => {
          for (const [name, { entry }] of adding) {
            if (name in servers) {
              adding.delete(name);
              skipped.push(name);
            } else servers[name] = entry;
          }
        });
      mountAll(
        gateway,
        [...adding.values()].map(({ spec }) => spec),
        { defaultPolicy: 'ask' },
      );
      return { added: [...adding.keys()], skipped };
    },
  };
}
