/**
 * Tool search at scale, over the harvested corpus (bench/tool-corpus/: real tools of real npm
 * servers, see SOURCES.md), served by one fixture process per corpus server:
 *   - tokens a client reads for tools/list in `all` vs `search` exposure (o200k_base tokenizer);
 *   - search time per query, in the index alone and as a search_tools call through the gateway;
 *   - a full tools/list (all pages) through the gateway, timed two ways:
 *       received: request sent to last byte in, as bytes; what the gateway and the wire take.
 *         Against the same servers listed directly in the same run (all at once over stdio,
 *         bytes up to the newline, bench/lib/raw-stdio-server.ts), and against the floor: the
 *         very pages the gateway sent, served pre-serialized by a bare HTTP server in this
 *         process (bench/lib/static-pages.ts);
 *       received + parsed: what a client that decodes the JSON waits. The ~3.7 MB list costs
 *         any client 10-19 ms of JSON.parse on this machine whoever serves it, so that figure
 *         is printed on its own, and with SDK clients for the direct servers;
 *   - the gateway's RSS with every corpus server connected and listed;
 *   - ranking quality on the labelled queries (recall at 5, MRR).
 *
 *   node bench/tool-search-bench.ts [--reps=30]
 *
 * The last line printed is a JSON summary.
 */
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
import { RawStdioServer } from './lib/raw-stdio-server.ts';
import { median } from './lib/rounds.ts';
import {
  listAll,
  listPages,
  medianOf,
  receivePages,
  rssMiB,
  timed,
  toolsIn,
} from './lib/list-timing.ts';
import { startStaticPages } from './lib/static-pages.ts';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}
const REPS = option('reps', 30);
/** Receiving without parsing takes a few ms: more runs for a steadier median. */
const RECEIVE_REPS = REPS * 3;
/** The scale part serves this many corpus servers, the ones with the most tools. */
const SERVERS = option('servers', 20);
const CORPUS_SERVER = join(ROOT, 'bench/lib/corpus-server.ts');

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
  let bodies: Buffer[] = [];
  const gatewayReceive = await medianOf(
    RECEIVE_REPS,
    async () => (bodies = await receivePages(all, allPages)),
  );
  const parseMs = await medianOf(REPS, () => bodies.map((body) => JSON.parse(body.toString())));
  if (toolsIn(bodies) !== servedTools) throw new Error('the received pages are not the full list');
  const floor = await startStaticPages(allPages);
  const floorClient = new RawMcpClient(floor.url);
  registerStop(() => floorClient.close().then(floor.close));
  await floorClient.initialize();
  const floorReceive = await medianOf(RECEIVE_REPS, () => receivePages(floorClient, allPages));
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
  // The same servers directly once more, received as bytes like the gateway's pages above.
  const raw = served.map((server) => new RawStdioServer(NODE, [CORPUS_SERVER, server.name]));
  registerStop(() => Promise.all(raw.map((server) => server.close())).then(() => {}));
  await Promise.all(raw.map((server) => server.initialize()));
  let directBodies: Buffer[] = [];
  const directReceive = await medianOf(
    RECEIVE_REPS,
    async () =>
      (directBodies = await Promise.all(raw.map((server) => server.request('tools/list', {})))),
  );
  if (toolsIn(directBodies) !== servedTools) throw new Error('a direct answer was not a full list');
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
    [
      'tools/list through the gateway, received (all pages)',
      `${fmt(gatewayReceive)} ms`,
      `goal ≤ 5 ms; ${fmt(bodies.reduce((sum, body) => sum + body.length, 0) / 1e6, 2)} MB`,
    ],
    [
      'floor: the same pages pre-serialized, received',
      `${fmt(floorReceive)} ms`,
      `gateway adds ${fmt(gatewayReceive - floorReceive)} ms`,
    ],
    [
      'the same servers directly over stdio, received',
      `${fmt(directReceive)} ms`,
      `all at once; gateway ${fmt(gatewayReceive / directReceive, 2)}× direct`,
    ],
    [
      "a client's decode + JSON.parse of those pages",
      `${fmt(parseMs)} ms`,
      'the same whoever serves the list',
    ],
    ['tools/list through the gateway, received + parsed', `${fmt(gatewayList)} ms`, ''],
    [
      'the same servers directly, SDK clients (+ parsed)',
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
      listMsGatewayReceived: gatewayReceive,
      listMsDirectReceived: directReceive,
      listMsClientParse: parseMs,
      listMsGateway: gatewayList,
      listMsDirect: directList,
      listMsFloorReceived: floorReceive,
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
