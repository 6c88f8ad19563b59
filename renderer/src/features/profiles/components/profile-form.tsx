/**
 * Create or edit a profile: its name (new ones only: a profile is never renamed), the servers
 * its clients see (all, including ones added later, or a chosen few), every tool or search (with
 * pins), and whether denied tools are hidden. Escape cancels.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useProfiles, useServers } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import { profileNameProblem } from '../lib/profile-words.ts';
import type { ProfileDraft } from '../store/profiles-store.ts';
import { ExposureFields } from './exposure-fields.tsx';

export type ProfileFormProps = {
  /** The profile edited; absent for a new one. */
  name?: string;
  initial: ProfileDraft;
  onDone(saved?: string): void;
};

export function ProfileForm({ name, initial, onDone }: ProfileFormProps) {
  const ids = { name: useId(), error: useId(), hide: useId(), servers: useId() };
  const save = useProfiles((state) => state.save);
  const existing = useProfiles((state) => state.names);
  const configured = useServers(useShallow((state) => state.servers.map((server) => server.name)));
  const [newName, setNewName] = useState('');
  const [all, setAll] = useState(initial.servers === '*');
  const [chosen, setChosen] = useState<string[]>(initial.servers === '*' ? [] : initial.servers);
  const [hideDenied, setHideDenied] = useState(initial.hideDenied);
  const [exposure, setExposure] = useState(initial.exposure);
  // Kept while "Every tool" is chosen, so switching back to search finds them again.
  const [pinned, setPinned] = useState(initial.pinned);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  // Servers the profile names that are no longer configured stay listed, so they can be removed.
  const listed = [...new Set([...configured, ...chosen])].sort((a, b) => a.localeCompare(b));
  const toggle = (server: string, on: boolean) =>
    setChosen((items) => (on ? [...items, server] : items.filter((item) => item !== server)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = name ?? newName.trim();
    const problem = name === undefined ? profileNameProblem(target, existing) : undefined;
    if (problem) {
      setError(problem);
      first.current?.focus();
      return;
    }
    setBusy(true);
    const servers = all ? '*' : chosen;
    const result = await save(target, { servers, hideDenied, exposure, pinned });
    setBusy(false);
    if (result.ok) onDone(target);
    else setError(describeError(result.error));
  };

  return (
    <form
      className="profile-form"
      aria-label={name === undefined ? 'New profile' : `Edit profile ${name}`}
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone();
      }}
      noValidate
    >
      {name === undefined ? (
        <div className="field">
          <label htmlFor={ids.name}>Profile name</label>
          <input
            id={ids.name}
            ref={first}
            className="input"
            placeholder="work"
            value={newName}
            onChange={(event) => setNewName(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? ids.error : undefined}
          />
        </div>
      ) : null}
      <fieldset className="fieldset">
        <legend className="field-label">Servers its clients see</legend>
        <div className="field-check">
          <input
            id={`${ids.servers}-all`}
            ref={name === undefined ? undefined : first}
            type="radio"
            name={ids.servers}
            checked={all}
            onChange={() => setAll(true)}
          />
          <label htmlFor={`${ids.servers}-all`}>All servers, including ones added later</label>
        </div>
        <div className="field-check">
          <input
            id={`${ids.servers}-some`}
            type="radio"
            name={ids.servers}
            checked={!all}
            onChange={() => setAll(false)}
          />
          <label htmlFor={`${ids.servers}-some`}>Only the servers chosen here</label>
        </div>
        {all ? null : (
          <div className="check-list" role="group" aria-label="Servers in this profile">
            {listed.length === 0 ? <p className="muted">No servers are configured yet.</p> : null}
            {listed.map((server) => (
              <div className="field-check" key={server}>
                <input
                  id={`${ids.servers}-${server}`}
                  type="checkbox"
                  checked={chosen.includes(server)}
                  onChange={(event) => toggle(server, event.target.checked)}
                />
                <label htmlFor={`${ids.servers}-${server}`}>
                  {server}
                  {configured.includes(server) ? null : (
                    <span className="muted"> (not configured)</span>
                  )}
                </label>
              </div>
            ))}
          </div>
        )}
        <p className="field-hint">
          {all || chosen.length > 0
            ? 'Tools, prompts and resources of other servers do not exist for its clients.'
            : 'With no server chosen, its clients see nothing at all.'}
        </p>
      </fieldset>
      <ExposureFields
        exposure={exposure}
        onExposure={setExposure}
        servers={all ? configured : chosen.filter((server) => configured.includes(server))}
        pinned={pinned}
        onPinned={setPinned}
      />
      <div className="field-check">
        <input
          id={ids.hide}
          type="checkbox"
          checked={hideDenied}
          onChange={(event) => setHideDenied(event.target.checked)}
        />
        <label htmlFor={ids.hide}>
          Hide denied tools{' '}
          <span className="muted">
            — they vanish from its clients’ tool lists (a call to one is refused either way)
          </span>
        </label>
      </div>
      <InlineError id={ids.error} message={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : name === undefined ? 'Create profile' : 'Save profile'}
        </button>
        <button type="button" className="button button-ghost" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
