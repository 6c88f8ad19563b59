/**
 * One server of the tool corpus (bench/tool-corpus/corpus.json) over stdio: it lists exactly the
 * tools harvested from the real server, and answers any call with a short text. It stands in for
 * the real one so the scale bench needs no credentials, network or 20 different runtimes.
 *
 *   node bench/lib/corpus-server.ts <server name>
 */
import { readFileSync } from 'node:fs';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';

export type CorpusServer = { name: string; source: string; tools: Tool[] };
export type Corpus = { generatedAt: string; servers: CorpusServer[] };

export const CORPUS_FILE = new URL('../tool-corpus/corpus.json', import.meta.url);

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(CORPUS_FILE, 'utf8')) as Corpus;
}

async function serve(name: string): Promise<void> {
  const entry = loadCorpus().servers.find((server) => server.name === name);
  if (!entry) throw new Error(`no server "${name}" in ${CORPUS_FILE.pathname}`);
  const server = new Server(
    { name: `corpus-${name}`, version: '1.0.0' },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: entry.tools }));
  server.setRequestHandler(CallToolRequestSchema, (request) => ({
    content: [{ type: 'text', text: `${name} ran ${request.params.name}` }],
  }));
  await server.connect(new StdioServerTransport());
}

if (import.meta.main) await serve(process.argv[2] ?? '');
