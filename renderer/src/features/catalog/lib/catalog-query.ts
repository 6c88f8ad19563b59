/**
 * The catalog search in words: what the filters send, where the listing came from, what an
 * entry needs, and which entries were left out.
 */
import type { MethodParams, MethodResult } from '../../../api/engine-api.ts';
import { plural } from '../../../ui/format.ts';

type Listing = MethodResult<'catalog:search'>;
export type CatalogEntry = Listing['entries'][number];
export type CatalogSource = Listing['source'];
export type CatalogProblem = Listing['problems'][number];
type Params = MethodParams<'catalog:search'>;
export type EntryKind = NonNullable<Params['kind']>;
export type Transport = NonNullable<Params['transport']>;

/** The form's values: '' (and 'any') mean "no filter". */
export type CatalogQuery = {
  query: string;
  kind: EntryKind | '';
  transport: Transport | '';
  needsSecret: 'any' | 'yes' | 'no';
};

export const EMPTY_QUERY: CatalogQuery = { query: '', kind: '', transport: '', needsSecret: 'any' };

export const KIND_LABELS: Record<EntryKind, string> = {
  npm: 'npm',
  pypi: 'PyPI',
  oci: 'Container image',
  mcpb: 'MCP bundle',
  nuget: 'NuGet',
  remote: 'Remote',
};
export const KINDS = Object.keys(KIND_LABELS) as EntryKind[];

export const TRANSPORT_LABELS: Record<Transport, string> = {
  stdio: 'stdio',
  'streamable-http': 'Streamable HTTP',
  sse: 'SSE',
};
export const TRANSPORTS = Object.keys(TRANSPORT_LABELS) as Transport[];

export const SECRET_LABELS: Record<CatalogQuery['needsSecret'], string> = {
  any: 'Any',
  yes: 'Needs one',
  no: 'Needs none',
};

/** The catalog:search params for the form's values (empty filters left out). */
export function searchParams(query: CatalogQuery, refresh = false): Params {
  const words = query.query.trim();
  return {
    ...(words ? { query: words } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.transport ? { transport: query.transport } : {}),
    ...(query.needsSecret === 'any' ? {} : { needsSecret: query.needsSecret === 'yes' }),
    ...(refresh ? { refresh: true } : {}),
  };
}

export function isEmptyQuery(query: CatalogQuery): boolean {
  return Object.keys(searchParams(query)).length === 0;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function fetchedAgo(time: number, now: number): string {
  const minutes = Math.round((now - time) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** Where the listing came from, so the user knows when they are offline. */
export function sourceLine(source: CatalogSource, now: number): string {
  const fetched = source.fetchedAt === undefined ? undefined : fetchedAgo(source.fetchedAt, now);
  switch (source.kind) {
    case 'registry':
      return fetched ? `From the MCP Registry, fetched ${fetched}.` : 'From the MCP Registry.';
    case 'cache': {
      const listing = fetched
        ? `From the cached registry listing (fetched ${fetched})`
        : 'From the cached registry listing';
      return source.note ? `${listing}: ${source.note}` : `${listing}.`;
    }
    case 'bundled':
      return `From the bundled catalog: ${source.note ?? 'offline'}`;
  }
}

/** "Needs: GITHUB_TOKEN (secret, required), LOG_LEVEL", or that it needs nothing. */
export function needsLine(entry: CatalogEntry): string {
  if (entry.settings.length === 0) return 'Needs nothing to set up.';
  const items = entry.settings.map((setting) => {
    const marks = [setting.isSecret ? 'secret' : '', setting.isRequired ? 'required' : ''].filter(
      Boolean,
    );
    return marks.length > 0 ? `${setting.name} (${marks.join(', ')})` : setting.name;
  });
  return `Needs: ${items.join(', ')}`;
}

/** "entry 3 (io.github.x/y) of bundled catalog: …" (the index as the engine and CLI give it). */
export function problemLine(problem: CatalogProblem): string {
  const name = problem.name ? ` (${problem.name})` : '';
  return `entry ${problem.index}${name} of ${problem.source}: ${problem.problem}`;
}

export function leftOutTitle(count: number): string {
  return `${plural(count, 'entry', 'entries')} left out`;
}

/** The filters in force, in words, for "No server matches …". */
export function queryWords(query: CatalogQuery): string {
  const parts: string[] = [];
  const words = query.query.trim();
  if (words) parts.push(`“${words}”`);
  if (query.kind) parts.push(`of kind ${KIND_LABELS[query.kind]}`);
  if (query.transport) parts.push(`over ${TRANSPORT_LABELS[query.transport]}`);
  if (query.needsSecret === 'yes') parts.push('that needs a secret');
  if (query.needsSecret === 'no') parts.push('that needs no secret');
  return parts.join(' ');
}

/** A repository address safe to link to (http or https only), else undefined. */
export function repositoryLink(repository: string | undefined): URL | undefined {
  if (!repository) return undefined;
  try {
    const url = new URL(repository);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
