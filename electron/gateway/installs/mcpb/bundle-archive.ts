/**
 * Reading an .mcpb file: a zip archive (fflate, pure JavaScript: no native build, no binary
 * download). Every name is checked before anything is written: no absolute paths, no `..`, no
 * drive letters (zip-slip), and the total size is capped before anything is inflated.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { BundleError, parseManifest, type BundleManifest } from './bundle-manifest.ts';

/** Large enough for a bundled node_modules or Python venv, small enough to refuse a zip bomb. */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

export type Bundle = {
  file: string;
  manifest: BundleManifest;
  /** Archive paths (forward slashes) to their bytes; directories are implied. */
  files: Map<string, Uint8Array>;
};

/** A path inside the archive that stays inside the folder it is extracted to. */
export function safeEntryPath(name: string): string | undefined {
  const normal = posix.normalize(name.replaceAll('\\', '/'));
  if (normal.startsWith('/') || normal.startsWith('../') || normal === '..') return undefined;
  if (/^[A-Za-z]:/.test(normal) || normal.split('/').includes('..')) return undefined;
  return normal;
}

export async function readBundle(file: string): Promise<Bundle> {
  const label = basename(file);
  const size = await stat(file).then(
    (info) => info.size,
    () => {
      throw new BundleError(label, `cannot be read (${file} does not exist)`);
    },
  );
  if (size > MAX_BUNDLE_BYTES) throw new BundleError(label, 'is larger than 512 MiB');
  const bytes = new Uint8Array(await readFile(file));
  let total = 0;
  let unsafe: string | undefined;
  const keep = (info: UnzipFileInfo) => {
    const path = safeEntryPath(info.name);
    if (path === undefined) unsafe ??= info.name;
    total += info.originalSize;
    return path !== undefined && !info.name.endsWith('/') && total <= MAX_BUNDLE_BYTES;
  };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: keep });
  } catch (error) {
    throw new BundleError(label, `is not a valid .mcpb (zip) archive: ${(error as Error).message}`);
  }
  if (unsafe !== undefined)
    throw new BundleError(label, `holds a file outside the bundle folder: "${unsafe}"`);
  if (total > MAX_BUNDLE_BYTES) throw new BundleError(label, 'unpacks to more than 512 MiB');
  const files = new Map(
    Object.entries(entries).map(([name, data]) => [safeEntryPath(name)!, data]),
  );
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) throw new BundleError(label, 'has no manifest.json at its root');
  const manifest = parseManifest(new TextDecoder().decode(manifestBytes), label);
  if (!files.has(safeEntryPath(manifest.server.entry_point) ?? ''))
    throw new BundleError(
      label,
      `manifest.json: server.entry_point: "${manifest.server.entry_point}" is not in the bundle`,
    );
  return { file, manifest, files };
}

/** Writes the bundle's files under `dir`; binary servers' entry point becomes executable. */
export async function extractBundle(bundle: Bundle, dir: string): Promise<void> {
  for (const [path, data] of bundle.files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    const executable =
      bundle.manifest.server.type === 'binary' &&
      path === safeEntryPath(bundle.manifest.server.entry_point);
    await writeFile(target, data, { mode: executable ? 0o755 : 0o644 });
  }
}
