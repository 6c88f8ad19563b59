/**
 * Harvests a corpus of real MCP tools from MCP servers published on npm.
 *
 * For every entry of sources.json (a package at a pinned version and how to start it) it
 *   - installs the package into its own scratch dir under /tmp
 *     (`npm install --prefix <scratch> pkg@version --no-audit --no-fund --ignore-scripts`),
 *     skipped when that version is already installed there;
 *   - starts it over stdio with the SDK client, time-boxed, and pages through `tools/list`;
 *   - keeps each tool's name, title, description, inputSchema and annotations as the server sent them.
 * A server that fails to install, start or list is skipped with the reason printed (it keeps
 * the tools it already had in corpus.json from the same package version) and the exit code is 1.
 * Entries with `disabled` (tried, left out, with the reason) are never started.
 * Writes corpus.json (servers in sources.json order) and SOURCES.md beside this file.
 *
 *   node bench/tool-corpus/harvest.ts [--only=name,name] [--timeout=20000] [--jobs=3]
 *                                     [--scratch=/tmp/switchboard-tool-corpus]
 *
 * With --only, the named servers are harvested again and merged into the existing corpus.json;
 * everything else in it is kept as it was.
 *
 * In sources.json `command` is `[program, ...args]`. A program of `node` runs on this Node, and
 * then the first argument is a path inside the installed package. `{pkg}` stands for the
 * package's directory and `{scratch}` for the scratch dir, in the program and in any argument
 * or env value. Servers run with the scratch dir as cwd and HOME, so they write nothing to ours.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { z } from 'zod';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SOURCES_FILE = path.join(HERE, 'sources.json');
const CORPUS_FILE = path.join(HERE, 'corpus.json');
const SOURCES_MD = path.join(HERE, 'SOURCES.md');

const SourceSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use [a-z0-9-]'),
  package: z.string().min(1),
  version: z.string().min(1),
  command: z.array(z.string()).min(1),
  env: z.record(z.string(), z.string()).default({}),
  /**
   * Dependencies with a native addon whose install script (skipped by --ignore-scripts) would
   * download a prebuilt binary: compiled here with npm's own node-gyp against local headers.
   */
  nativeBuild: z.array(z.string()).default([]),
  /** Start time-box for this server, when the default is too short for it. */
  timeoutMs: z.number().int().positive().optional(),
  /** Shown in SOURCES.md: why it is started the way it is. */
  note: z.string().optional(),
  /** Tried and left out of the corpus, with the reason (listed in SOURCES.md, never started). */
  disabled: z.string().optional(),
});
type Source = z.infer<typeof SourceSchema>;
const SourcesSchema = z.array(SourceSchema);

const ToolSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: z.record(z.string(), z.unknown()).optional(),
});

const ListPageSchema = z.looseObject({
  tools: z.array(z.unknown()),
  nextCursor: z.string().optional(),
});

export interface CorpusTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}
export interface CorpusServer {
  name: string;
  source: string;
  tools: CorpusTool[];
}
export interface Corpus {
  generatedAt: string;
  servers: CorpusServer[];
}

function option(name: string): string | undefined {
  for (const arg of process.argv.slice(2)) {
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function positive(name: string, fallback: number): number {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

function packageDir(scratch: string, pkg: string): string {
  return path.join(scratch, 'node_modules', ...pkg.split('/'));
}

async function installedVersion(scratch: string, pkg: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(
      await readFile(path.join(packageDir(scratch, pkg), 'package.json'), 'utf8'),
    ) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a command, resolving with its exit code and the tail of its output. */
function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; tail: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ code: -1, tail: error.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, tail: output.trim() }));
  });
}

/** The node-gyp bundled with the `npm` on PATH (bin/npm -> <npm package>/bin/npm-cli.js). */
function npmNodeGyp(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const npmBin = path.join(dir, 'npm');
    if (!existsSync(npmBin)) continue;
    const npmPackage = path.dirname(path.dirname(realpathSync(npmBin)));
    return path.join(npmPackage, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  }
  throw new Error('nativeBuild: no npm on PATH');
}

/**
 * Compiles a native addon in place with the node-gyp that ships inside npm, against the Node
 * headers in /usr/include/node (Debian's nodejs package), so nothing is downloaded. Node-API
 * addons load on any later Node. Marks the build done so a rerun skips it.
 */
async function buildNative(scratch: string, dependency: string): Promise<void> {
  const dir = packageDir(scratch, dependency);
  const marker = path.join(dir, '.tool-corpus-built');
  if (existsSync(marker)) return;
  if (!existsSync(dir)) throw new Error(`nativeBuild: ${dependency} is not installed`);
  const gyp = npmNodeGyp();
  if (!existsSync(gyp)) throw new Error(`nativeBuild: no node-gyp at ${gyp}`);
  if (!existsSync('/usr/include/node/node_api.h'))
    throw new Error('nativeBuild needs Node headers in /usr/include/node (apt-get install nodejs)');
  const started = Date.now();
  const { code, tail } = await run(process.execPath, [gyp, 'rebuild', '--nodedir=/usr'], dir);
  if (code !== 0) throw new Error(`node-gyp rebuild ${dependency} failed: ${tail.slice(-600)}`);
  await writeFile(marker, `${new Date().toISOString()}\n`);
  console.log(`  built ${dependency} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function install(source: Source, scratch: string): Promise<void> {
  if ((await installedVersion(scratch, source.package)) !== source.version) {
    await installPackage(source, scratch);
  }
  for (const dependency of source.nativeBuild) await buildNative(scratch, dependency);
}

async function installPackage(source: Source, scratch: string): Promise<void> {
  await mkdir(scratch, { recursive: true });
  const spec = `${source.package}@${source.version}`;
  const started = Date.now();
  const { code, tail } = await run(
    'npm',
    [
      'install',
      '--prefix',
      scratch,
      spec,
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
    ],
    scratch,
  );
  if (code !== 0) throw new Error(`npm install ${spec} failed (${code}): ${tail.slice(-600)}`);
  const got = await installedVersion(scratch, source.package);
  if (got !== source.version) throw new Error(`installed ${spec} but found version ${got}`);
  console.log(`  installed ${spec} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function substitute(value: string, pkgDir: string, scratch: string): string {
  return value.replaceAll('{pkg}', pkgDir).replaceAll('{scratch}', scratch);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function listTools(
  source: Source,
  scratch: string,
  timeoutMs: number,
): Promise<CorpusTool[]> {
  const pkgDir = packageDir(scratch, source.package);
  const [program, ...rest] = source.command.map((part) => substitute(part, pkgDir, scratch));
  if (program === undefined) throw new Error('empty command');
  let command = program;
  const args = rest;
  if (program === 'node') {
    command = process.execPath;
    const entry = args[0];
    if (entry === undefined)
      throw new Error('a node command needs the entry point inside the package');
    if (!path.isAbsolute(entry)) args[0] = path.join(pkgDir, entry);
  }
  const env: Record<string, string> = {
    HOME: scratch,
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    ...Object.fromEntries(
      Object.entries(source.env).map(([key, value]) => [key, substitute(value, pkgDir, scratch)]),
    ),
  };
  const transport = new StdioClientTransport({ command, args, env, cwd: scratch, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const client = new Client({ name: 'switchboard-tool-corpus', version: '0.1.0' });
  const tools: CorpusTool[] = [];
  try {
    await withTimeout(
      (async () => {
        await client.connect(transport);
        let cursor: string | undefined;
        const seenCursors = new Set<string>();
        do {
          // A raw request with a loose schema: the SDK's own listTools rejects a whole page for
          // one odd schema, and the corpus keeps tools as the server sent them.
          const page = await client.request(
            { method: 'tools/list', params: cursor === undefined ? {} : { cursor } },
            ListPageSchema,
          );
          for (const raw of page.tools) {
            const tool = ToolSchema.parse(raw);
            tools.push({
              name: tool.name,
              ...(tool.title === undefined ? {} : { title: tool.title }),
              description: tool.description ?? '',
              inputSchema: tool.inputSchema,
              ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
            });
          }
          cursor = page.nextCursor;
          if (cursor !== undefined) {
            if (seenCursors.has(cursor)) throw new Error(`tools/list repeated cursor ${cursor}`);
            seenCursors.add(cursor);
          }
        } while (cursor !== undefined);
      })(),
      timeoutMs,
      'start + tools/list',
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const tail = stderr.trim().split('\n').slice(-4).join(' | ');
    throw new Error(tail ? `${reason}; stderr: ${tail.slice(-500)}` : reason);
  } finally {
    await client.close().catch(() => undefined);
  }
  const names = new Set<string>();
  for (const tool of tools) {
    if (names.has(tool.name)) throw new Error(`duplicate tool name ${tool.name}`);
    names.add(tool.name);
  }
  return tools;
}

async function readCorpus(): Promise<Corpus | undefined> {
  if (!existsSync(CORPUS_FILE)) return undefined;
  return JSON.parse(await readFile(CORPUS_FILE, 'utf8')) as Corpus;
}

/** Pretty at the top, one compact line per tool: a third of the size, and still greppable. */
function serializeCorpus(corpus: Corpus): string {
  const servers = corpus.servers.map((server) => {
    const tools = server.tools.map((tool) => `        ${JSON.stringify(tool)}`).join(',\n');
    return [
      '    {',
      `      "name": ${JSON.stringify(server.name)},`,
      `      "source": ${JSON.stringify(server.source)},`,
      `      "tools": [\n${tools}\n      ]`,
      '    }',
    ].join('\n');
  });
  return `{\n  "generatedAt": ${JSON.stringify(corpus.generatedAt)},\n  "servers": [\n${servers.join(',\n')}\n  ]\n}\n`;
}

function placeholders(value: string): string {
  return value.replaceAll('{pkg}', '<pkg>').replaceAll('{scratch}', '<scratch>');
}

function commandText(source: Source): string {
  const [program, ...args] = source.command;
  const parts =
    program === 'node' ? ['node', `<pkg>/${args[0] ?? ''}`, ...args.slice(1)] : source.command;
  return parts.map(placeholders).join(' ');
}

function sourcesMarkdown(corpus: Corpus, sources: Source[]): string {
  const bySource = new Map(sources.map((source) => [source.name, source]));
  const total = corpus.servers.reduce((sum, server) => sum + server.tools.length, 0);
  const lines = [
    '# Tool corpus sources',
    '',
    `Written by \`harvest.ts\` (${corpus.generatedAt}): ${corpus.servers.length} servers, ${total} tools.`,
    'Each package was installed from npm with `--ignore-scripts` into its own scratch dir and its',
    'tools were listed over stdio (`tools/list`, all pages). `<pkg>` is the installed package dir,',
    '`<scratch>` the scratch dir (also the cwd and HOME). Env values are dummies: no server was given',
    'a real credential, and no tool was ever called.',
    '',
    '| server | npm package@version | tools | started as | env / notes |',
    '| --- | --- | ---: | --- | --- |',
  ];
  for (const server of corpus.servers) {
    const source = bySource.get(server.name);
    const env = source
      ? Object.entries(source.env).map(([k, v]) => `\`${k}=${placeholders(v)}\``)
      : [];
    const notes = [...env, ...(source?.note ? [source.note] : [])].join('; ');
    const started = source ? `\`${commandText(source)}\`` : '?';
    lines.push(
      `| ${server.name} | \`${server.source}\` | ${server.tools.length} | ${started} | ${notes.replaceAll('|', '\\|')} |`,
    );
  }
  lines.push(`| **total** | | **${total}** | | |`, '');
  const disabled = sources.filter((source) => source.disabled !== undefined);
  if (disabled.length > 0) {
    lines.push('Tried and left out (`disabled` in sources.json):', '');
    for (const source of disabled) {
      lines.push(`- \`${source.package}@${source.version}\`: ${source.disabled}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function runPool<T>(
  items: T[],
  jobs: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const scratchRoot = option('scratch') ?? '/tmp/switchboard-tool-corpus';
  const timeoutMs = positive('timeout', 20_000);
  const jobs = positive('jobs', 3);
  const sources = SourcesSchema.parse(JSON.parse(await readFile(SOURCES_FILE, 'utf8')));
  const duplicate = sources.find((s, i) => sources.findIndex((t) => t.name === s.name) !== i);
  if (duplicate) throw new Error(`sources.json names ${duplicate.name} twice`);
  const only = option('only')?.split(',').filter(Boolean);
  const unknown = only?.filter((name) => !sources.some((source) => source.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`--only names unknown servers: ${unknown.join(', ')}`);
  const selected = (only ? sources.filter((source) => only.includes(source.name)) : sources).filter(
    (source) => {
      if (source.disabled === undefined) return true;
      console.log(`off   ${source.name} (${source.package}@${source.version}): ${source.disabled}`);
      return false;
    },
  );

  const harvested = new Map<string, CorpusServer>();
  const failures: string[] = [];
  await runPool(selected, jobs, async (source) => {
    const scratch = path.join(scratchRoot, source.name);
    const spec = `${source.package}@${source.version}`;
    try {
      await install(source, scratch);
      const t0 = Date.now();
      const tools = await listTools(source, scratch, source.timeoutMs ?? timeoutMs);
      if (tools.length === 0) throw new Error('listed no tools');
      harvested.set(source.name, { name: source.name, source: spec, tools });
      console.log(
        `ok    ${source.name}: ${tools.length} tools from ${spec} (${Date.now() - t0} ms)`,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`${source.name} (${spec}): ${reason}`);
      console.log(`skip  ${source.name} (${spec}): ${reason}`);
    }
  });

  // A server that failed this time keeps the tools it had in corpus.json, if they came from the
  // same package version: a busy machine timing out one start should not drop it (and break
  // queries.json). With --only, every server not named is kept as well.
  const previous = await readCorpus();
  const kept = new Map((previous?.servers ?? []).map((server) => [server.name, server]));
  const servers: CorpusServer[] = [];
  const keptAfterFailure: string[] = [];
  for (const source of sources) {
    if (source.disabled !== undefined) continue;
    const old = kept.get(source.name);
    const spec = `${source.package}@${source.version}`;
    const reharvested = selected.includes(source);
    const server =
      harvested.get(source.name) ??
      (old && (!reharvested || old.source === spec) ? old : undefined);
    if (server && reharvested && !harvested.has(source.name)) keptAfterFailure.push(source.name);
    if (server) servers.push(server);
  }
  const corpus: Corpus = { generatedAt: new Date().toISOString(), servers };
  await writeFile(CORPUS_FILE, serializeCorpus(corpus));
  await writeFile(SOURCES_MD, sourcesMarkdown(corpus, sources));

  const total = servers.reduce((sum, server) => sum + server.tools.length, 0);
  console.log(
    `\n${servers.length} servers, ${total} tools in corpus.json; ${failures.length} skipped; ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const failure of failures) console.log(`  skipped ${failure}`);
  if (keptAfterFailure.length > 0)
    console.log(`  kept from the previous corpus.json: ${keptAfterFailure.join(', ')}`);
  // Failures are reported, not fatal to the others; the exit code still says something failed.
  if (failures.length > 0) process.exitCode = 1;
}

await main();
