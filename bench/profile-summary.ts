/**
 * Summarises a V8 .cpuprofile (from `node bench/gateway-bench.ts --cpu-prof=<dir>`):
 * self time by function and by area (gateway source, SDK, zod, node internals, GC, idle),
 * and inclusive time for the gateway's own functions.
 *
 *   node bench/profile-summary.ts <file.cpuprofile | dir> [--top=30]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

const args = process.argv.slice(2);
const target = args.find((arg) => !arg.startsWith('--'));
if (!target) {
  console.error('usage: node bench/profile-summary.ts <file.cpuprofile | dir> [--top=30]');
  process.exit(2);
}
const top = Number(args.find((arg) => arg.startsWith('--top='))?.slice(6) ?? 30);

const file = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => join(target, name))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  : target;
if (!file) throw new Error(`no .cpuprofile in ${target}`);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);

const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '~/')
    .replace(/^.*\/work\/main\//, '');
}

function area(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'program (native/unattributed)';
  if (url.includes('/electron/gateway/')) return 'gateway source';
  if (url.includes('@modelcontextprotocol/sdk')) return 'MCP SDK';
  if (url.includes('/zod/')) return 'zod';
  if (url.includes('node_modules')) return 'other deps';
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return `native (${functionName || 'anonymous'})`;
  return 'other';
}

function key(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs]
  .filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)')
  .reduce((a, [, us]) => a + us, 0);
const busy = total - idle;

const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
for (const [id, us] of selfUs) {
  const frame = byId.get(id)!.callFrame;
  byFunction.set(key(frame), (byFunction.get(key(frame)) ?? 0) + us);
  byArea.set(area(frame), (byArea.get(area(frame)) ?? 0) + us);
}

// Inclusive time per function (counted once per sample even when recursive).
const inclusive = new Map<string, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const seen = new Set<string>();
  for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
    const k = key(byId.get(id)!.callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
}

// Self time charged to the nearest gateway / SDK / zod frame on the stack (node internals, natives
// and GC-free callees count for whoever called them), grouped by that frame's file. Writes to
// sockets and pipes (the syscalls themselves) are kept apart: they are the OS's share.
const owned = new Map<string, number>();
function owner(frame: CallFrame): string | undefined {
  if (frame.url.includes('/electron/gateway/')) return shortUrl(frame.url);
  if (frame.url.includes('@modelcontextprotocol/sdk'))
    return `SDK ${shortUrl(frame.url).replace('~/@modelcontextprotocol/sdk/dist/esm/', '')}`;
  if (frame.url.includes('/zod/')) return 'zod';
  return undefined;
}
for (let i = 0; i < profile.samples.length; i++) {
  const leaf = byId.get(profile.samples[i]!)!.callFrame;
  const us = profile.timeDeltas[i] ?? 0;
  let name: string | undefined;
  if (leaf.functionName === '(idle)') continue;
  if (
    leaf.functionName === 'writeUtf8String' ||
    leaf.functionName === 'writev' ||
    leaf.functionName === 'writeBuffer'
  )
    name = 'socket/pipe writes (syscalls)';
  else if (leaf.functionName === '(garbage collector)' || leaf.functionName === '(program)')
    name = leaf.functionName;
  for (
    let id: number | undefined = profile.samples[i];
    name === undefined && id !== undefined;
    id = parent.get(id)
  )
    name = owner(byId.get(id)!.callFrame);
  name ??= 'node (no gateway/SDK frame on the stack: event loop, HTTP parser, …)';
  owned.set(name, (owned.get(name) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
const ms = (us: number) => `${(us / 1000).toFixed(1).padStart(8)} ms`;

console.log(
  `${file}\nwall ${(total / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s (percentages are of busy time)\n`,
);
console.log('Self time by area:');
for (const [name, us] of [...byArea]
  .filter(([name]) => name !== 'idle')
  .sort((a, b) => b[1] - a[1]))
  console.log(`  ${ms(us)} ${pct(us)}  ${name}`);
console.log('\nTime by owner (nearest gateway / SDK / zod frame on the stack):');
for (const [name, us] of [...owned].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`  ${ms(us)} ${pct(us)}  ${name}`);
console.log(`\nTop ${top} functions by self time:`);
for (const [name, us] of [...byFunction]
  .filter(([name]) => !name.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`  ${ms(us)} ${pct(us)}  ${name}`);
console.log(`\nTop ${top} gateway / SDK functions by inclusive time:`);
for (const [name, us] of [...inclusive]
  .filter(([name]) =>
    /electron\/gateway|@modelcontextprotocol\/sdk|~\/@modelcontextprotocol/.test(name),
  )
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`  ${ms(us)} ${pct(us)}  ${name}`);
