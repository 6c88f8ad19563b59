/**
 * Where installed servers are saved: through the running gateway (the servers file is written
 * and the server starts at once), or straight into the servers file when no gateway runs (the
 * next `switchboard serve` starts it).
 */
import { parseServerEntry } from '../config/servers-config.ts';
import { readServersFileEntries, updateServersFile } from '../config/servers-file.ts';
import type { ServerOptions } from '../config/settings.ts';
import type { Gateway } from '../gateway.ts';
import type { Entry, ServerTarget } from './installer.ts';

async function fileEntries(file: string | undefined): Promise<Record<string, Entry>> {
  if (!file) return {};
  return readServersFileEntries(file).catch((error: NodeJS.ErrnoException & { key?: string }) => {
    // A file with no servers yet is an empty list; any other problem is the user's to see.
    if (error.key === 'mcpServers') return {};
    throw error;
  });
}

function specOf(name: string, entry: Entry) {
  const spec = parseServerEntry('install', name, entry);
  if (!spec) throw new Error(`the entry for "${name}" is disabled`);
  return spec;
}

export function fileTarget(file: string): ServerTarget {
  return {
    entries: () => fileEntries(file),
    add: (name, entry) =>
      updateServersFile(file, (servers) => {
        if (name in servers) throw new Error(`${file} has a server named "${name}" already`);
        servers[name] = entry;
      }),
    async replace(name, entry, whileStopped) {
      await whileStopped?.();
      await updateServersFile(file, (servers) => {
        servers[name] = entry;
      });
    },
    remove: (name) =>
      updateServersFile(file, (servers) => {
        delete servers[name];
      }),
  };
}

/** Newly installed tools ask before they run, unless the caller chose otherwise. */
export function gatewayTarget(
  gateway: Gateway,
  options: ServerOptions = { defaultPolicy: 'ask' },
): ServerTarget {
  const file = () => gateway.options.configFile;
  const save = async (change: (servers: Record<string, unknown>) => void) => {
    const target = file();
    if (target) await updateServersFile(target, change);
  };
  return {
    async entries() {
      const saved = await fileEntries(file());
      // Servers given only at start (no file) count too, so names never clash.
      for (const name of gateway.supervisors.keys()) saved[name] ??= {};
      return saved;
    },
    async add(name, entry) {
      const spec = specOf(name, entry);
      await save((servers) => {
        servers[name] = entry;
      });
      gateway.settingsStore.setServerOptions(name, options);
      gateway.addServer(spec, options);
    },
    async replace(name, entry, whileStopped) {
      const spec = specOf(name, entry);
      const kept = gateway.settings.servers[name] ?? {};
      await gateway.removeServer(name);
      await whileStopped?.();
      await save((servers) => {
        servers[name] = entry;
      });
      gateway.addServer(spec, kept);
    },
    async remove(name) {
      await save((servers) => {
        delete servers[name];
      });
      gateway.settingsStore.deleteServerOptions(name);
      await gateway.removeServer(name);
    },
  };
}
