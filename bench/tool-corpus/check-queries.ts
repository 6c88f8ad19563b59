/**
 * Checks queries.json against corpus.json: every name in `relevant` must be an exposed tool
 * name (`<server>__<tool>`) of the corpus, no query may repeat, and there must be at least 60.
 * Exits non-zero naming each bad entry.
 *
 *   node bench/tool-corpus/check-queries.ts
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SEPARATOR = '__';
const MIN_QUERIES = 60;

const CorpusSchema = z.object({
  servers: z.array(
    z.object({ name: z.string(), tools: z.array(z.looseObject({ name: z.string() })) }),
  ),
});

const QueriesSchema = z.array(
  z.object({
    query: z.string().min(1),
    relevant: z.array(z.string()).min(1),
    /** direct: close to the tool's own words; paraphrase: avoids them; ambiguous: several tools. */
    kind: z.enum(['direct', 'paraphrase', 'ambiguous']).optional(),
  }),
);

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(HERE, file), 'utf8'));
}

const corpus = CorpusSchema.parse(await readJson('corpus.json'));
const queries = QueriesSchema.parse(await readJson('queries.json'));

const exposed = new Set(
  corpus.servers.flatMap((server) =>
    server.tools.map((tool) => `${server.name}${SEPARATOR}${tool.name}`),
  ),
);
const problems: string[] = [];
const seen = new Set<string>();
queries.forEach((entry, index) => {
  const where = `queries[${index}] "${entry.query}"`;
  const key = entry.query.trim().toLowerCase();
  if (seen.has(key)) problems.push(`${where}: repeats an earlier query`);
  seen.add(key);
  if (new Set(entry.relevant).size !== entry.relevant.length)
    problems.push(`${where}: names a tool twice`);
  for (const name of entry.relevant) {
    if (!exposed.has(name)) problems.push(`${where}: "${name}" is not a tool in corpus.json`);
  }
});
if (queries.length < MIN_QUERIES)
  problems.push(`only ${queries.length} queries, want at least ${MIN_QUERIES}`);

const servers = new Set(
  queries.flatMap((entry) => entry.relevant.map((name) => name.split(SEPARATOR)[0])),
);
const kinds = new Map<string, number>();
for (const entry of queries) kinds.set(entry.kind ?? '-', (kinds.get(entry.kind ?? '-') ?? 0) + 1);
const multiServer = queries.filter(
  (entry) => new Set(entry.relevant.map((name) => name.split(SEPARATOR)[0])).size > 1,
).length;

if (problems.length > 0) {
  for (const problem of problems) console.error(`bad: ${problem}`);
  process.exit(1);
}
console.log(
  `queries.json ok: ${queries.length} queries over ${servers.size} of ${corpus.servers.length} servers ` +
    `(${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')}; ${multiServer} with relevant tools on several servers)`,
);
