/**
 * Timing and listing helpers of the tool-search bench: medians of repeated runs, a gateway's
 * full tools/list parsed or only received, and a process's resident memory.
 */
import { readFileSync } from 'node:fs';
import type { RawMcpClient } from './raw-http-client.ts';
import { median } from './rounds.ts';

export async function timed(run: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Median ms of `reps` runs after two warm-up runs. */
export async function medianOf(
  reps: number,
  run: () => Promise<unknown> | unknown,
): Promise<number> {
  await run();
  await run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await timed(run));
  return median(times);
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export type Page = { tools: unknown[]; nextCursor?: string };

/** Every page of tools/list through the gateway. */
export async function listPages(client: RawMcpClient): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const page = (await client.rpc('tools/list', cursor ? { cursor } : {})) as Page;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

export async function listAll(client: RawMcpClient): Promise<unknown[]> {
  return (await listPages(client)).flatMap((page) => page.tools);
}

/**
 * Every page of tools/list received as bytes, not parsed: the cursors are those of a listing
 * made before (the gateway's cursors are offsets, the same for the same list).
 */
export async function receivePages(client: RawMcpClient, pages: Page[]): Promise<Buffer[]> {
  const bodies: Buffer[] = [];
  for (const cursor of [undefined, ...pages.slice(0, -1).map((page) => page.nextCursor)])
    bodies.push(await client.rpcBytes('tools/list', cursor ? { cursor } : {}));
  return bodies;
}

/** How many tools the JSON-RPC answers in `bodies` list (outside any timing). */
export function toolsIn(bodies: Buffer[]): number {
  return bodies.reduce(
    (sum, body) =>
      sum + (JSON.parse(body.toString()) as { result: { tools: unknown[] } }).result.tools.length,
    0,
  );
}
