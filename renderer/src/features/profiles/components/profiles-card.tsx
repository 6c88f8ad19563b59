/**
 * The Clients screen's profiles: each with the servers it shows, how it treats denied tools and
 * how many clients use it; a new one, or one edited, in place. Tool policies per profile are
 * set on the Servers screen, whose profile selector lists these.
 */
import { useEffect, useRef, useState } from 'react';
import { useClients, useProfiles } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { Tag } from '../../../ui/status-badge.tsx';
import { describeProfile, describeServers } from '../lib/profile-words.ts';
import type { Profile } from '../store/profiles-store.ts';
import { ProfileForm } from './profile-form.tsx';

/** What the engine assumes for a profile that settings.json does not hold (e.g. "default"). */
const IMPLICIT: Profile = { servers: '*', tools: {}, hideDenied: true };
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
  const profile = useProfiles((state) => state.profiles[name]) ?? IMPLICIT;
  const clients = useClients(
    (state) =>
      state.clients.filter((client) => client.profile === name && client.revokedAt === undefined)
        .length,
  );
  return (
    <div className="profile-line">
      <div className="profile-name">
        <strong>{name}</strong>
        <span className="muted">{describeProfile(profile, clients)}</span>
      </div>
      <div className="tag-list" aria-label={`Servers of ${name}`}>
        <Tag>{describeServers(profile.servers)}</Tag>
      </div>
      <button
        type="button"
        className="button button-ghost button-sm"
        onClick={onEdit}
        aria-expanded={editing}
        aria-label={`Edit profile ${name}`}
        data-profile-edit={name}
      >
        Edit
      </button>
    </div>
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
        A profile decides which servers its clients see. Allow, ask or deny per tool for a profile
        on the Servers screen.
      </p>
      {editing === NEW ? (
        <ProfileForm
          initial={{ servers: '*', hideDenied: true }}
          onDone={(savedName) => done('', savedName)}
        />
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
                initial={profiles[name] ?? IMPLICIT}
                onDone={(savedName) => done(name, savedName)}
              />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
