/**
 * Ranking quality of tool search on the labelled queries (bench/tool-corpus/queries.json, written
 * down before the ranking was tuned): recall at 5 (the share of a query's relevant tools among
 * the first five hits, averaged) and MRR (1 / rank of the first relevant hit, averaged).
 */
import { readFileSync } from 'node:fs';
import type { ToolIndex } from '../../electron/gateway/tool-search/tool-index.ts';

export type LabelledQuery = { query: string; relevant: string[] };

export function loadQueries(): LabelledQuery[] {
  const file = new URL('../tool-corpus/queries.json', import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as LabelledQuery[];
}

export type Quality = {
  queries: number;
  recallAt5: number;
  mrr: number;
  /** Queries whose relevant tools all missed the first five: what to look at when tuning. */
  misses: Array<{ query: string; got: string[] }>;
};

export function rankingQuality(index: ToolIndex, queries: LabelledQuery[]): Quality {
  let recall = 0;
  let reciprocal = 0;
  const misses: Quality['misses'] = [];
  for (const { query, relevant } of queries) {
    const ranked = index.search(query, 50).map((hit) => hit.name);
    const top5 = ranked.slice(0, 5);
    const found = relevant.filter((name) => top5.includes(name)).length;
    recall += found / relevant.length;
    const first = ranked.findIndex((name) => relevant.includes(name));
    reciprocal += first === -1 ? 0 : 1 / (first + 1);
    if (found === 0) misses.push({ query, got: top5 });
  }
  return {
    queries: queries.length,
    recallAt5: recall / queries.length,
    mrr: reciprocal / queries.length,
    misses,
  };
}
