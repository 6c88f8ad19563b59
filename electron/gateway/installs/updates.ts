/** "Update available": an installed server whose catalog entry (live registry first) has a newer version. */
import type { ServerJson } from '../../../shared/catalog.ts';
import type { Entry } from './installer.ts';
import { installRecordOf } from './installer.ts';

export type AvailableUpdate = { server: string; catalog: string; from: string; to: string };

/** Compares dotted versions part by part, numbers as numbers; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const split = (version: string) => {
    const [main = '', pre] = version.replace(/^v/, '').split(/-(.*)/s);
    return { parts: main.split('.').map((part) => Number.parseInt(part, 10) || 0), pre };
  };
  const left = split(a);
  const right = split(b);
  for (let i = 0; i < Math.max(left.parts.length, right.parts.length); i++) {
    const diff = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (diff) return Math.sign(diff);
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === undefined) return 1;
  if (right.pre === undefined) return -1;
  return left.pre < right.pre ? -1 : 1;
}

export function findUpdates(
  entries: Record<string, Entry>,
  lookup: (catalogName: string) => ServerJson | undefined,
): AvailableUpdate[] {
  const updates: AvailableUpdate[] = [];
  for (const [server, entry] of Object.entries(entries)) {
    const record = installRecordOf(entry);
    if (
      !record?.catalog ||
      !record.version ||
      record.source === 'remote' ||
      record.source === 'mcpb'
    )
      continue;
    const pkg = lookup(record.catalog)?.packages?.find(
      (item) => item.registryType === record.source,
    );
    if (pkg?.version && compareVersions(pkg.version, record.version) > 0)
      updates.push({ server, catalog: record.catalog, from: record.version, to: pkg.version });
  }
  return updates;
}

/** The update waiting for one server, with the catalog entry to update to; else why there is none. */
export function updateFor(
  entries: Record<string, Entry>,
  lookup: (catalogName: string) => ServerJson | undefined,
  server: string,
): { update: AvailableUpdate; entry: ServerJson } {
  const update = findUpdates(entries, lookup).find((item) => item.server === server);
  const entry = update && lookup(update.catalog);
  if (!update || !entry)
    throw new Error(`"${server}" is up to date (or was not installed from the catalog)`);
  return { update, entry };
}
