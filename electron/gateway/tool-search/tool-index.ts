/**
 * Ranks tools by intent: BM25+ (MiniSearch, a small, well-kept full-text index with no network
 * and no model) over each tool's name, description and parameter names. Names are split the way
 * people write them (`create_pull_request`, `getFileContents`, `list-pods`) and every word is
 * stemmed (Porter), so "screenshots of pages" finds `take_screenshot` ... `page`.
 */
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';

export type IndexedTool = {
  /** The name the client calls it by (`<server>__<tool>`). */
  name: string;
  server: string;
  description: string;
  /** Top-level parameter names and their descriptions, from the input schema. */
  params: string;
};

export type ToolHit = { name: string; server: string; description: string; score: number };

/** Words that say nothing about which tool is meant. */
const STOP_WORDS = new Set(
  (
    'a an and any are as at be by can do does for from get give how i in into is it its me my ' +
    'of on or our please should some that the their them then this to use using want we what ' +
    'when where which will with would you your all tool tools'
  ).split(' '),
);

/** Splits on anything that is not a letter or digit, and at camelCase and letter/digit turns. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** Stems are memoised: tool texts repeat the same few thousand words across every index. */
const stems = new Map<string, string>();
const MAX_STEMS = 50_000;

export function processTerm(term: string): string | null {
  const word = term.toLowerCase();
  if (word.length < 2 || STOP_WORDS.has(word)) return null;
  let stem = stems.get(word);
  if (stem === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stems.set(word, (stem = stemmer(word)));
  }
  return stem;
}

/** The first sentence or line of a description: what a search result shows. */
export function summaryOf(description: string, max = 160): string {
  const first = description.trim().split(/\n|(?<=[.!?])\s/)[0] ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

export class ToolIndex {
  readonly size: number;
  readonly #search: MiniSearch<IndexedTool>;
  readonly #tools = new Map<string, IndexedTool>();

  constructor(tools: readonly IndexedTool[]) {
    this.#search = new MiniSearch<IndexedTool>({
      idField: 'name',
      fields: ['words', 'description', 'params', 'server'],
      extractField: (tool, field) =>
        field === 'words' ? tool.name : (tool[field as keyof IndexedTool] ?? ''),
      tokenize: splitWords,
      processTerm,
      searchOptions: {
        // The tool's own name says most about it; its server and parameters least.
        boost: { words: 3, description: 1.2, params: 0.6, server: 0.8 },
        prefix: (term) => term.length >= 4,
        fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
        weights: { prefix: 0.4, fuzzy: 0.2 },
        combineWith: 'OR',
      },
    });
    for (const tool of tools) {
      if (this.#tools.has(tool.name)) continue;
      this.#tools.set(tool.name, tool);
      this.#search.add(tool);
    }
    this.size = this.#tools.size;
  }

  search(query: string, limit = 10): ToolHit[] {
    return this.#search
      .search(query)
      .slice(0, limit)
      .map((result) => {
        const tool = this.#tools.get(String(result.id))!;
        return {
          name: tool.name,
          server: tool.server,
          description: summaryOf(tool.description),
          score: Math.round(result.score * 1000) / 1000,
        };
      });
  }
}

/** Parameter names and descriptions of a JSON Schema's top level, as searchable text. */
export function paramsText(inputSchema: unknown): string {
  const properties = (inputSchema as { properties?: unknown } | undefined)?.properties;
  if (!properties || typeof properties !== 'object') return '';
  return Object.entries(properties as Record<string, unknown>)
    .map(([name, schema]) => {
      const description = (schema as { description?: unknown } | undefined)?.description;
      return typeof description === 'string' ? `${name} ${description}` : name;
    })
    .join(' ');
}
