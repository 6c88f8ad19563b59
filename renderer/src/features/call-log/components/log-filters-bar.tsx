/** The call log's filters: client, server, tool, status, time range and free text. */
import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useCallLog, useClients, useServers } from '../../../app/stores-context.tsx';
import { anyOf, FilterSelect } from '../../../ui/filter-select.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { activeFilterCount } from '../lib/log-filters.ts';
import { STATUSES, STATUS_LABELS, TIME_RANGES, type TimeRange } from '../lib/log-types.ts';

const RANGES = Object.keys(TIME_RANGES) as TimeRange[];

/** A text filter that queries once typing pauses. */
function useDebounced(value: string, apply: (value: string) => void, ms = 250) {
  const latest = useRef(apply);
  useEffect(() => {
    latest.current = apply;
  });
  useEffect(() => {
    const timer = setTimeout(() => latest.current(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
}

export function LogFiltersBar() {
  const ids = {
    client: useId(),
    server: useId(),
    tool: useId(),
    tools: useId(),
    text: useId(),
  };
  const filters = useCallLog((state) => state.filters);
  const setFilters = useCallLog((state) => state.setFilters);
  const resetFilters = useCallLog((state) => state.resetFilters);
  const clientNames = useClients(
    useShallow((state) => [...new Set(state.clients.map((client) => client.name))]),
  );
  const serverNames = useServers(useShallow((state) => state.servers.map((server) => server.name)));
  const toolNames = useCallLog(
    useShallow((state) =>
      [...new Set(state.entries.slice(0, 2000).map((entry) => entry.name))].sort(),
    ),
  );
  const [text, setText] = useState(filters.text);
  const [tool, setTool] = useState(filters.tool);

  useEffect(() => setText(filters.text), [filters.text]);
  useEffect(() => setTool(filters.tool), [filters.tool]);
  useDebounced(text, (value) => {
    if (value !== filters.text) void setFilters({ text: value });
  });
  useDebounced(tool, (value) => {
    if (value !== filters.tool) void setFilters({ tool: value });
  });

  const active = activeFilterCount(filters);
  return (
    <div className="filter-bar" role="search" aria-label="Filter calls">
      <div className="filter filter-search">
        <label htmlFor={ids.text} className="visually-hidden">
          Search names, arguments, results and errors
        </label>
        <span className="input-icon">
          <Icon name="search" size={14} />
          <input
            id={ids.text}
            className="input input-sm"
            type="search"
            placeholder="Search arguments, results, errors…"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </span>
        {active > 0 ? (
          <button
            type="button"
            className="button button-ghost button-sm filter-clear"
            onClick={() => void resetFilters()}
          >
            Clear {active === 1 ? 'filter' : `${active} filters`}
          </button>
        ) : null}
      </div>
      <NameFilter
        id={ids.client}
        label="Client"
        value={filters.client}
        names={clientNames}
        onChange={(client) => void setFilters({ client })}
      />
      <NameFilter
        id={ids.server}
        label="Server"
        value={filters.server}
        names={serverNames}
        onChange={(server) => void setFilters({ server })}
      />
      <div className="filter">
        <label htmlFor={ids.tool}>Tool</label>
        <input
          id={ids.tool}
          className="input input-sm input-mono filter-tool"
          list={ids.tools}
          placeholder="any"
          value={tool}
          onChange={(event) => setTool(event.target.value)}
          spellCheck={false}
        />
        <datalist id={ids.tools}>
          {toolNames.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <FilterSelect
        label="Status"
        value={filters.status}
        options={anyOf(STATUSES, STATUS_LABELS, 'All')}
        onChange={(status) => void setFilters({ status })}
      />
      <FilterSelect
        label="Time"
        value={filters.range}
        options={RANGES.map((range) => ({ value: range, label: TIME_RANGES[range].label }))}
        onChange={(range) => void setFilters({ range })}
      />
    </div>
  );
}

/** A labelled "All / one of these names" select. */
function NameFilter(props: {
  id: string;
  label: string;
  value: string;
  names: string[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="filter">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        className="select select-sm"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      >
        <option value="">All</option>
        {props.names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
