/**
 * The Clients screen's profiles: each with the servers it shows, every tool or search, how it
 * treats denied tools and how many clients use it; a new one, or one edited, in place; a trial
 * search for those in search exposure. Tool policies per profile are set on the Servers screen,
 * whose profile selector lists these.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useClients, useProfiles } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { plural } from '../../../ui/format.ts';
import { Tag } from '../../../ui/status-badge.tsx';
import { describeProfile, describeServers } from '../lib/profile-words.ts';
import { IMPLICIT_PROFILE } from '../store/profiles-store.ts';
import { ProfileForm } from './profile-form.tsx';
import { ToolSearchPreview } from './tool-search-preview.tsx';

const NEW = Symbol('new profile');

function ProfileRow({
  name,
  editing,
  onEdit,
}: {
  name: string;
  editing: boolean;
  onEdit: () => void;
}) {
  const profile = useProfiles((state) => state.profiles[name]) ?? IMPLICIT_PROFILE;
  const [trying, setTrying] = useState(false);
  const previewId = useId();
  const tryButton = useRef<HTMLButtonElement>(null);
  const search = profile.exposure === 'search';
  const clients = useClients(
    (state) =>
      state.clients.filter((client) => client.profile === name && client.revokedAt === undefined)
        .length,
  );
  return (
    <>
      <div className="profile-line">
        <div className="profile-name">
          <strong>{name}</strong>
          <span className="muted">{describeProfile(profile, clients)}</span>
        </div>
        <div className="tag-list" aria-label={`Servers and tools of ${name}`}>
          {search ? (
            <>
              <span title="Its clients list three tools to search, describe and call the others">
                <Tag tone="accent">Search</Tag>
              </span>
              <Tag>{plural(profile.pinned.length, 'pinned', 'pinned')}</Tag>
            </>
          ) : null}
          <Tag>{describeServers(profile.servers)}</Tag>
        </div>
        <div className="button-row">
          {search ? (
            <button
              type="button"
              ref={tryButton}
              className="button button-ghost button-sm"
              onClick={() => setTrying((open) => !open)}
              aria-expanded={trying && !editing}
              aria-controls={trying && !editing ? previewId : undefined}
              aria-label={`Try a search as profile ${name}`}
              disabled={editing}
            >
              <Icon name="search" size={14} />
              Try a search
            </button>
          ) : null}
          <button
            type="button"
            className="button button-ghost button-sm"
            onClick={() => {
              setTrying(false);
              onEdit();
            }}
            aria-expanded={editing}
            aria-label={`Edit profile ${name}`}
            data-profile-edit={name}
          >
            Edit
          </button>
        </div>
      </div>
      {/* It searches the profile as saved, so it steps aside while the profile is edited. */}
      {search && trying && !editing ? (
        <ToolSearchPreview
          id={previewId}
          profile={name}
          onClose={() => {
            setTrying(false);
            tryButton.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}

export function ProfilesCard() {
  const names = useProfiles((state) => state.names);
  const profiles = useProfiles((state) => state.profiles);
  const load = useProfiles((state) => state.load);
  const [editing, setEditing] = useState<string | typeof NEW>();
  const [saved, setSaved] = useState<string>();
  const card = useRef<HTMLElement>(null);
  // Profiles may change outside this page (the CLI, settings.json): read them afresh here.
  useEffect(() => {
    void load();
  }, [load]);

  /** Closes the form and gives focus back to what opened it. */
  const done = (opener: string, savedName?: string) => {
    setEditing(undefined);
    setSaved(savedName);
    // After React has rendered the list without the form (and with a new profile in it).
    setTimeout(() => {
      const target = savedName ?? opener;
      const buttons = [
        ...(card.current?.querySelectorAll<HTMLElement>('[data-profile-edit]') ?? []),
      ];
      const found = target
        ? buttons.find((button) => button.dataset.profileEdit === target)
        : card.current?.querySelector<HTMLElement>('[data-profile-new]');
      found?.focus();
    }, 0);
  };

  return (
    <section className="card" aria-labelledby="profiles-title" ref={card}>
      <div className="section-bar">
        <h2 id="profiles-title" className="card-title">
          Profiles <span className="count">{names.length}</span>
        </h2>
        <div className="button-row">
          <span className="saved-note" role="status">
            {saved ? `Saved profile “${saved}”` : null}
          </span>
          <button
            type="button"
            className="button button-sm"
            onClick={() => {
              setSaved(undefined);
              setEditing(NEW);
            }}
            disabled={editing === NEW}
            data-profile-new
          >
            <Icon name="plus" size={14} />
            New profile
          </button>
        </div>
      </div>
      <p className="muted">
        A profile decides which servers its clients see, and whether they list every tool or search
        for them. Allow, ask or deny per tool for a profile on the Servers screen.
      </p>
      {editing === NEW ? (
        <ProfileForm initial={IMPLICIT_PROFILE} onDone={(savedName) => done('', savedName)} />
      ) : null}
      <ul className="profile-rows">
        {names.map((name) => (
          <li key={name} className="profile-row" data-profile={name}>
            <ProfileRow
              name={name}
              editing={editing === name}
              onEdit={() => {
                setSaved(undefined);
                setEditing(name);
              }}
            />
            {editing === name ? (
              <ProfileForm
                name={name}
                initial={profiles[name] ?? IMPLICIT_PROFILE}
                onDone={(savedName) => done(name, savedName)}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
