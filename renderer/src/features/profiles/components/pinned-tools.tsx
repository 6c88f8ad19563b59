/**
 * In search exposure, the tools that stay listed directly: a filterable list of checkboxes over
 * the tools of the profile's servers (from the servers store, loaded here when missing).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useServers } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { matchesFilter, pinnableTools } from '../lib/pinnable-tools.ts';

export type PinnedToolsProps = {
  /** The configured servers the profile (as edited) sees. */
  servers: string[];
  pinned: string[];
  onChange(pinned: string[]): void;
};

export function PinnedTools({ servers, pinned, onChange }: PinnedToolsProps) {
  const ids = { filter: useId(), item: useId(), hint: useId() };
  const [filter, setFilter] = useState('');
  const filterInput = useRef<HTMLInputElement>(null);
  const { tools, settings, summaries } = useServers(
    useShallow((state) => ({
      tools: state.tools,
      settings: state.settings,
      summaries: state.servers,
    })),
  );
  const loadTools = useServers((state) => state.loadTools);
  const loadSettings = useServers((state) => state.loadSettings);

  // Listed again when a server of the profile starts, stops or changes its tools.
  const key = JSON.stringify(
    summaries
      .filter((server) => servers.includes(server.name))
      .map((server) => [server.name, server.status.state, server.toolCount]),
  );
  useEffect(() => {
    for (const [name] of JSON.parse(key) as [string][]) void loadTools(name);
  }, [key, loadTools]);
  // Settings give each server's tool prefix; asked once per server (a failure is reported).
  const asked = useRef(new Set<string>());
  useEffect(() => {
    for (const name of servers)
      if (!settings[name] && !asked.current.has(name)) {
        asked.current.add(name);
        void loadSettings(name);
      }
  }, [servers, settings, loadSettings]);

  const list = pinnableTools(servers, tools, settings, pinned);
  const shown = list.items.filter((item) => matchesFilter(item, filter));
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...pinned, name] : pinned.filter((item) => item !== name));

  return (
    <fieldset className="fieldset pin-picker" aria-describedby={ids.hint}>
      <legend className="field-label">
        Pinned tools <span className="count">{pinned.length}</span>
      </legend>
      <p className="field-hint" id={ids.hint}>
        Listed directly next to the three search tools: the ones its agents use all the time.
      </p>
      {pinned.length > 0 ? (
        // What is pinned stays in sight, however far down the list it is.
        <ul className="tag-list" aria-label="Pinned">
          {pinned.map((name) => (
            <li key={name}>
              <button
                type="button"
                className="chip pin-chip"
                aria-label={`Unpin ${name}`}
                onClick={() => {
                  toggle(name, false);
                  filterInput.current?.focus();
                }}
              >
                {name}
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label htmlFor={ids.filter} className="visually-hidden">
        Filter tools to pin
      </label>
      <span className="input-icon pin-filter">
        <Icon name="search" size={14} />
        <input
          id={ids.filter}
          ref={filterInput}
          className="input input-sm"
          type="search"
          placeholder="Filter tools…"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          // Enter here narrows the list; it must not save the profile.
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.preventDefault();
          }}
        />
      </span>
      {shown.length > 0 ? (
        <ul className="pin-list" aria-label="Tools to pin">
          {shown.map((item, index) => {
            const id = `${ids.item}-${index}`;
            const about = item.server ? item.description : 'not listed by its server now';
            return (
              <li key={item.name} className="pin-item">
                <input
                  id={id}
                  type="checkbox"
                  checked={pinned.includes(item.name)}
                  onChange={(event) => toggle(item.name, event.target.checked)}
                  aria-describedby={about ? `${id}-about` : undefined}
                />
                <label htmlFor={id} className="pin-name">
                  {item.name}
                </label>
                {about ? (
                  <span className="pin-about" id={`${id}-about`}>
                    {about}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">
          {list.loading
            ? 'Loading tools…'
            : list.items.length === 0
              ? 'No tools to pin: its servers list none now.'
              : `No tool matches “${filter.trim()}”.`}
        </p>
      )}
      {list.unlisted.length > 0 ? (
        <p className="field-hint">
          Not running, so their tools are not offered: {list.unlisted.join(', ')}.
        </p>
      ) : null}
    </fieldset>
  );
}
