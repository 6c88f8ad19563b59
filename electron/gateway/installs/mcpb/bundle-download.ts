/**
 * A catalog entry's MCPB package: `identifier` is the bundle's download URL and `fileSha256`
 * its hash, which the registry requires for bundles. The file is fetched once into the data
 * dir's cache (named by its hash, so the plan and the install share it), with a timeout and a
 * size cap, and used only when its bytes hash to exactly what the entry says.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Package } from '../../../../shared/catalog.ts';
import { MAX_BUNDLE_BYTES } from './bundle-archive.ts';

export type DownloadOptions = { dataDir: string; timeoutMs?: number };

const DEFAULT_TIMEOUT_MS = 120_000;

export function bundleCachePath(dataDir: string, sha256: string): string {
  return join(dataDir, 'cache', 'bundles', `${sha256}.mcpb`);
}

/** The bundle's path in the cache, downloading and checking it first when needed. */
export async function fetchCatalogBundle(pkg: Package, options: DownloadOptions): Promise<string> {
  const expected = pkg.fileSha256;
  if (!expected)
    throw new Error(
      `${pkg.identifier}: the entry gives no fileSha256, so the bundle cannot be checked`,
    );
  const url = new URL(pkg.identifier);
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`${pkg.identifier}: bundles are downloaded over https only`);
  const file = bundleCachePath(options.dataDir, expected);
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  )
    return file;
  await mkdir(join(options.dataDir, 'cache', 'bundles'), { recursive: true });
  const response = await fetch(url, {
    signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    redirect: 'follow',
  }).catch((error: Error) => {
    throw new Error(
      `${pkg.identifier}: download failed: ${error.cause instanceof Error ? error.cause.message : error.message}`,
    );
  });
  if (!response.ok || !response.body)
    throw new Error(`${pkg.identifier}: download failed: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BUNDLE_BYTES)
    throw new Error(`${pkg.identifier}: the bundle is larger than 512 MiB`);
  const temp = `${file}.${randomBytes(4).toString('hex')}.part`;
  const hash = createHash('sha256');
  let size = 0;
  try {
    const body = Readable.fromWeb(response.body as WebReadableStream);
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BUNDLE_BYTES) body.destroy(new Error('the bundle is larger than 512 MiB'));
      hash.update(chunk);
    });
    await pipeline(body, createWriteStream(temp, { mode: 0o600 }));
    const actual = hash.digest('hex');
    if (actual !== expected)
      throw new Error(
        `the file's sha256 is ${actual}, the catalog says ${expected}: not installed`,
      );
    await rename(temp, file);
    return file;
  } catch (error) {
    await rm(temp, { force: true });
    const message = (error as Error).message;
    throw new Error(message.startsWith(pkg.identifier) ? message : `${pkg.identifier}: ${message}`);
  }
}
