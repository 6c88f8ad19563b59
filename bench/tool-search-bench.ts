/**
 * Tool search at scale, over the harvested corpus (bench/tool-corpus/: real tools of real npm
 * servers, see SOURCES.md), served by one fixture process per corpus server:
 *   - tokens a client reads for tools/list in `all` vs `search` exposure (o200k_base tokenizer);
 *   - search time per query, in the index alone and as a search_tools call through the gateway;
 *   - a full tools/list through the gateway, against the same servers listed directly (in the
 *     same run, all servers at once over stdio with SDK clients), and against its floor: the
 *     very pages the gateway sent, served pre-serialized by a bare HTTP server in this process
 *     (bench/lib/static-pages.ts). Receiving and parsing ~3.7 MB of JSON costs the client
 *     itself most of the 5 ms goal and more, so the floor says what is the gateway's part;
 *   - the gateway's RSS with every corpus server connected and listed;
 *   - ranking quality on the labelled queries (recall at 5, MRR).
 *
 *   node bench/tool-search-bench.ts [--reps=30]
 *
 * The last line printed is a JSON summary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { countTokens } from 'gpt-tokenizer';
import { exposedName } from '../electron/gateway/routing/names.ts';
import { META_TOOL_DEFINITIONS } from '../electron/gateway/tool-search/meta-tools.ts';
import { paramsText, ToolIndex } from '../electron/gateway/tool-search/tool-index.ts';
import { loadCorpus } from './lib/corpus-server.ts';
import { NODE, registerStop, ROOT, startGateway, stopAll } from './lib/processes.ts';
import { loadQueries, rankingQuality } from './lib/ranking-quality.ts';
import { RawMcpClient } from './lib/raw-http-client.ts';
import { startStaticPages } from './lib/static-pages.ts';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}
const REPS = option('reps', 30);
/** The scale part serves this many corpus servers, the ones with the most tools. */
const SERVERS = option('servers', 20);
const CORPUS_SERVER = join(ROOT, 'bench/lib/corpus-server.ts');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timed(run: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Median ms of `reps` runs after two warm-up runs. */
async function medianOf(reps: number, run: () => Promise<unknown> | unknown): Promise<number> {
  await run();
  await run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await timed(run));
  return median(times);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

type Page = { tools: unknown[]; nextCursor?: string };

/** Every page of tools/list through the gateway. */
async function listPages(client: RawMcpClient): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const page = (await client.rpc('tools/list', cursor ? { cursor } : {})) as Page;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

async function listAll(client: RawMcpClient): Promise<unknown[]> {
  return (await listPages(client)).flatMap((page) => page.tools);
}

const fmt = (value: number, digits = 3) => value.toFixed(digits);

async function main(): Promise<void> {
  const corpus = loadCorpus();
  const queries = loadQueries();
  const total = corpus.servers.reduce((sum, server) => sum + server.tools.length, 0);
  console.log(
    `corpus: ${total} tools from ${corpus.servers.length} servers; ${queries.length} labelled queries`,
  );

  // The index alone, over exactly the names a client would see.
  const indexed = corpus.servers.flatMap((server) =>
    server.tools.map((tool) => ({
      name: exposedName(server.name, tool.name),
      server: server.name,
      description: tool.description ?? '',
      params: paramsText(tool.inputSchema),
    })),
  );
  let index!: ToolIndex;
  const buildMs = await timed(() => (index = new ToolIndex(indexed)));
  const perQuery: number[] = [];
  for (const { query } of queries)
    perQuery.push(await medianOf(REPS, () => index.search(query, 8)));
  const quality = rankingQuality(index, queries);

  // The gateway with the largest corpus servers, a client per exposure.
  const served = [...corpus.servers]
    .sort((a, b) => b.tools.length - a.tools.length)
    .slice(0, SERVERS);
  const servedTools = served.reduce((sum, server) => sum + server.tools.length, 0);
  const servers = Object.fromEntries(
    served.map((server) => [server.name, { command: NODE, args: [CORPUS_SERVER, server.name] }]),
  );
  const gateway = await startGateway(undefined, {
    servers,
    settings: {
      // The fixtures keep no state per connection: one connection each serves every session.
      servers: Object.fromEntries(served.map((server) => [server.name, { isolation: 'shared' }])),
      profiles: { default: { servers: '*' }, agent: { servers: '*', exposure: 'search' } },
      limits: { healthPingMs: 0 },
    },
    clients: [{ name: 'agent', profile: 'agent' }],
  });
  const all = new RawMcpClient(new URL(`${gateway.url}/mcp`), gateway.headers);
  const agent = new RawMcpClient(new URL(`${gateway.url}/mcp`), gateway.clientHeaders.agent!);
  registerStop(() => Promise.all([all.close(), agent.close()]).then(() => {}));
  await Promise.all([all.initialize(), agent.initialize()]);

  const allPages = await listPages(all);
  const allTools = allPages.flatMap((page) => page.tools);
  const searchTools = await listAll(agent);
  const tokensAll = countTokens(JSON.stringify(allTools));
  const tokensSearch = countTokens(JSON.stringify(searchTools));
  if (JSON.stringify(searchTools) !== JSON.stringify(META_TOOL_DEFINITIONS))
    throw new Error('the search-exposure client did not get exactly the meta-tools');

  const gatewayList = await medianOf(REPS, () => listAll(all));
  const floor = await startStaticPages(allPages);
  const floorClient = new RawMcpClient(floor.url);
  registerStop(() => floorClient.close().then(floor.close));
  await floorClient.initialize();
  const floorList = await medianOf(REPS, () => listAll(floorClient));
  const gatewaySearch = await medianOf(REPS, async () => {
    for (const { query } of queries.slice(0, 10))
      await agent.rpc('tools/call', { name: 'search_tools', arguments: { query } });
  });
  const rss = rssMiB(gateway.pid);
  // For scale: the same gateway with no server at all, in this run.
  const bare = await startGateway(undefined, { servers: {} });
  const bareRss = rssMiB(bare.pid);
  await bare.stop();

  // The same servers, listed directly: one SDK client per server over stdio, all at once.
  const direct = await Promise.all(
    served.map(async (server) => {
      const client = new Client({ name: 'bench-direct', version: '1.0.0' });
      registerStop(() => client.close());
      await client.connect(
        new StdioClientTransport({
          command: NODE,
          args: [CORPUS_SERVER, server.name],
          stderr: 'ignore',
        }),
      );
      return client;
    }),
  );
  // A plain request, not listTools(): like the gateway path, no schema validation of the tools
  // (some real servers, e.g. server-gitlab, publish input schemas without "type": "object").
  const directList = await medianOf(REPS, () =>
    Promise.all(
      direct.map((client) => client.request({ method: 'tools/list', params: {} }, ResultSchema)),
    ),
  );
  if (allTools.length !== servedTools)
    throw new Error(`the gateway listed ${allTools.length} tools, the servers have ${servedTools}`);

  const rows: Array<[string, string, string]> = [
    ['tools in the corpus (index, ranking)', `${total} (${corpus.servers.length} servers)`, ''],
    ['tools behind the gateway (the rest)', `${servedTools} (${served.length} servers)`, ''],
    ['tools/list tokens, all exposure', String(tokensAll), ''],
    [
      'tools/list tokens, search exposure',
      String(tokensSearch),
      `${fmt((1 - tokensSearch / tokensAll) * 100, 2)}% fewer (goal ≥ 85%)`,
    ],
    ['index build', `${fmt(buildMs, 1)} ms`, `${total} tools`],
    [
      'search, index alone (median of per-query medians)',
      `${fmt(median(perQuery))} ms`,
      'goal ≤ 2 ms',
    ],
    ['search_tools through the gateway (per call)', `${fmt(gatewaySearch / 10)} ms`, ''],
    ['tools/list through the gateway (all pages)', `${fmt(gatewayList)} ms`, 'goal ≤ 5 ms'],
    [
      'tools/list floor: the same pages, pre-serialized',
      `${fmt(floorList)} ms`,
      `gateway adds ${fmt(gatewayList - floorList)} ms`,
    ],
    [
      'tools/list of the same servers directly (parallel)',
      `${fmt(directList)} ms`,
      `gateway ${fmt(gatewayList / directList, 2)}× direct`,
    ],
    ['gateway RSS, servers connected and listed', `${fmt(rss, 1)} MiB`, 'goal ≤ 150 MiB'],
    [
      'gateway RSS with no server (same run)',
      `${fmt(bareRss, 1)} MiB`,
      `tools add ${fmt(rss - bareRss, 1)} MiB`,
    ],
    ['ranking: recall@5', fmt(quality.recallAt5), `${quality.queries} queries`],
    ['ranking: MRR', fmt(quality.mrr), ''],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value, note] of rows)
    console.log(`${name.padEnd(width)}  ${value.padEnd(22)}  ${note}`);
  if (quality.misses.length) {
    console.log(`\nqueries with no relevant tool in the first five (${quality.misses.length}):`);
    for (const miss of quality.misses) console.log(`  "${miss.query}" → ${miss.got.join(', ')}`);
  }
  console.log(
    JSON.stringify({
      corpusTools: total,
      corpusServers: corpus.servers.length,
      servedTools,
      servedServers: served.length,
      tokensAll,
      tokensSearch,
      tokenReduction: 1 - tokensSearch / tokensAll,
      searchMsIndex: median(perQuery),
      searchMsGateway: gatewaySearch / 10,
      listMsGateway: gatewayList,
      listMsDirect: directList,
      listMsFloor: floorList,
      rssMiB: rss,
      bareRssMiB: bareRss,
      recallAt5: quality.recallAt5,
      mrr: quality.mrr,
    }),
  );
}

try {
  await main();
} finally {
  await stopAll();
}
