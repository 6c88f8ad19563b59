/**
 * The catalog: servers from the MCP Registry (or its cached listing) and the catalog bundled
 * with Switchboard, searched by words and filters. Each card says what the server needs; the
 * source line says where the listing came from, so being offline is never a surprise.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useCatalog, useInstalls, useStores } from '../../../app/stores-context.tsx';
import { EmptyState } from '../../../ui/empty-state.tsx';
import { anyOf, FilterSelect } from '../../../ui/filter-select.tsx';
import { plural } from '../../../ui/format.ts';
import { Icon } from '../../../ui/icons.tsx';
import { InlineError } from '../../../ui/inline-error.tsx';
import { Tag } from '../../../ui/status-badge.tsx';
import { useNow } from '../../../ui/use-now.ts';
import type { CatalogBrowse } from '../store/catalog-store.ts';
import {
  isEmptyQuery,
  KIND_LABELS,
  KINDS,
  leftOutTitle,
  needsLine,
  problemLine,
  queryWords,
  repositoryLink,
  SECRET_LABELS,
  sourceLine,
  TRANSPORT_LABELS,
  TRANSPORTS,
  type CatalogEntry,
  type CatalogProblem,
  type CatalogQuery,
  type Transport,
} from '../lib/catalog-query.ts';

/** How long typing pauses before the search runs. */
export const SEARCH_DEBOUNCE_MS = 300;

function EntryCard({ entry }: { entry: CatalogEntry }) {
  const link = repositoryLink(entry.repository);
  const install = useInstalls((state) => state.open);
  return (
    <li className="catalog-entry" data-server={entry.name}>
      <div className="catalog-entry-head">
        <h3 className="catalog-entry-title">{entry.title ?? entry.name}</h3>
        <span className="catalog-entry-meta">
          <code>{entry.name}</code> · {entry.version}
        </span>
      </div>
      {entry.description ? <p className="catalog-entry-description">{entry.description}</p> : null}
      <div className="tag-list" aria-label="Kind and transport">
        {entry.kinds.map((kind) => (
          <Tag key={`kind-${kind}`} tone="accent">
            {KIND_LABELS[kind]}
          </Tag>
        ))}
        {entry.transports.map((transport) => (
          <Tag key={`transport-${transport}`}>
            {TRANSPORT_LABELS[transport as Transport] ?? transport}
          </Tag>
        ))}
      </div>
      <p className="catalog-entry-needs">{needsLine(entry)}</p>
      <button
        type="button"
        className="button button-sm catalog-entry-install"
        aria-label={`Install ${entry.title ?? entry.name}`}
        onClick={() => void install(entry.name)}
      >
        Install…
      </button>
      {link ? (
        <a className="catalog-entry-link" href={link.href} target="_blank" rel="noreferrer">
          {`${link.host}${link.pathname}`.replace(/\/$/, '')}
        </a>
      ) : entry.repository ? (
        <span className="catalog-entry-link muted">{entry.repository}</span>
      ) : null}
    </li>
  );
}

function LeftOut({ problems }: { problems: CatalogProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <details className="disclosure catalog-left-out">
      <summary>{leftOutTitle(problems.length)}</summary>
      <ul className="catalog-problems">
        {problems.map((problem) => (
          <li key={`${problem.source}#${problem.index}`}>{problemLine(problem)}</li>
        ))}
      </ul>
    </details>
  );
}

function CatalogFilters({ query }: { query: CatalogQuery }) {
  const textId = useId();
  const search = useCatalog((state) => state.search);
  const refreshing = useCatalog((state) => state.browse.refreshing);
  const [text, setText] = useState(query.query);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const typed = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void search({ query: value }), SEARCH_DEBOUNCE_MS);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    clearTimeout(timer.current);
    void search({ query: text });
  };

  return (
    <form
      className="filter-bar catalog-filters"
      role="search"
      aria-label="Search the catalog"
      onSubmit={submit}
    >
      <div className="filter filter-search">
        <label htmlFor={textId} className="visually-hidden">
          Search servers
        </label>
        <span className="input-icon">
          <Icon name="search" size={14} />
          <input
            id={textId}
            className="input input-sm"
            type="search"
            placeholder="Search servers, e.g. “filesystem” or “github”"
            value={text}
            maxLength={200}
            onChange={(event) => typed(event.target.value)}
          />
        </span>
        <button
          type="button"
          className="button button-sm filter-clear"
          disabled={refreshing}
          onClick={() => {
            clearTimeout(timer.current);
            void search({ query: text }, { refresh: true });
          }}
        >
          <Icon name="restart" size={14} />
          {refreshing ? 'Refreshing…' : 'Refresh from the registry'}
        </button>
      </div>
      <FilterSelect
        label="Kind"
        value={query.kind}
        options={anyOf(KINDS, KIND_LABELS)}
        onChange={(kind) => void search({ kind })}
      />
      <FilterSelect
        label="Transport"
        value={query.transport}
        options={anyOf(TRANSPORTS, TRANSPORT_LABELS)}
        onChange={(transport) => void search({ transport })}
      />
      <FilterSelect
        label="Needs a secret"
        value={query.needsSecret}
        options={(Object.keys(SECRET_LABELS) as CatalogQuery['needsSecret'][]).map((value) => ({
          value,
          label: SECRET_LABELS[value],
        }))}
        onChange={(needsSecret) => void search({ needsSecret })}
      />
    </form>
  );
}

/** One line for the live region: loading, or how many were found and where from. */
function statusLine(browse: CatalogBrowse, now: number): string {
  if (browse.status === 'loading' || browse.status === 'idle')
    return browse.refreshing ? 'Asking the MCP Registry…' : 'Searching the catalog…';
  if (browse.status === 'error' || !browse.listing) return '';
  const { entries, source } = browse.listing;
  return `${plural(entries.length, 'server')}. ${sourceLine(source, now)}`;
}

export function CatalogSearch() {
  const browse = useCatalog((state) => state.browse);
  const search = useCatalog((state) => state.search);
  const now = useNow(30_000);
  const store = useStores().catalog;
  useEffect(() => {
    // Read from the store, not this render: a re-run effect (StrictMode) must not search twice.
    if (store.getState().browse.status === 'idle') void search();
  }, [store, search]);

  const listing = browse.status === 'error' ? undefined : browse.listing;
  return (
    <section className="card catalog" aria-labelledby="catalog-title">
      <h2 id="catalog-title" className="card-title">
        Catalog
      </h2>
      <p className="muted">
        Servers listed in the MCP Registry, and a catalog that ships with Switchboard for when the
        registry cannot be reached. Each shows what it needs before it can run; to add one, use its
        Install button (it asks for exactly the settings the server declares), or use the form below
        with a command of your own.
      </p>
      <CatalogFilters query={browse.query} />
      <p className="catalog-source" role="status">
        {statusLine(browse, now)}
      </p>
      {browse.status === 'error' ? (
        <InlineError message={`Could not search the catalog: ${browse.error ?? ''}`} />
      ) : null}
      {listing && listing.entries.length === 0 && browse.status === 'ready' ? (
        <EmptyState
          icon="search"
          title={
            isEmptyQuery(listing.query)
              ? 'The catalog is empty'
              : `No server matches ${queryWords(listing.query)}`
          }
        >
          {isEmptyQuery(listing.query)
            ? 'Refresh from the registry once you are online.'
            : 'Try other words or fewer filters.'}
        </EmptyState>
      ) : null}
      {listing && listing.entries.length > 0 ? (
        <ul
          className={`catalog-entries${browse.status === 'loading' ? ' is-loading' : ''}`}
          aria-label="Catalog servers"
          aria-busy={browse.status === 'loading' || undefined}
        >
          {listing.entries.map((entry) => (
            <EntryCard key={entry.name} entry={entry} />
          ))}
        </ul>
      ) : null}
      {listing ? <LeftOut problems={listing.problems} /> : null}
    </section>
  );
}
