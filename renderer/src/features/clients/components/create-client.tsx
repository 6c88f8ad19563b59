/** Create a client; its token is then shown once, with the snippets already filled in. */
import { useId, useRef, useEffect, useState, type FormEvent } from 'react';
import { useClients, useProfiles, useSettings } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { CopyButton } from '../../../ui/copy-button.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { InlineError } from '../../../ui/inline-error.tsx';
import { SnippetTabs } from './snippet-tabs.tsx';

const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

function CreatedToken() {
  const created = useClients((state) => state.created);
  const dismiss = useClients((state) => state.dismissCreated);
  const url = useSettings((state) => state.settings?.url);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [created?.token]);
  if (!created) return null;
  return (
    <section className="card card-highlight token-card" aria-labelledby="token-title">
      <h2 id="token-title" className="card-title" ref={heading} tabIndex={-1}>
        <Icon name="key" /> Token for “{created.client.name}”
      </h2>
      <div className="callout callout-warn">
        <Icon name="alert" />
        <p>
          <strong>Copy it now: it is shown only once.</strong> Switchboard keeps only a hash of it.
          If you lose it, revoke the client and create a new one.
        </p>
      </div>
      <div className="token-line">
        <code className="token" aria-label="Client token">
          {created.token}
        </code>
        <CopyButton text={created.token} label="Copy the token" />
      </div>
      {url ? (
        <SnippetTabs gatewayUrl={url} token={created.token} clientName={created.client.name} />
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={dismiss}>
          I have copied it — hide the token
        </button>
      </div>
    </section>
  );
}

export function CreateClient() {
  const ids = { name: useId(), profile: useId(), error: useId() };
  const [name, setName] = useState('');
  const [profile, setProfile] = useState('default');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const profiles = useProfiles((state) => state.names);
  const create = useClients((state) => state.create);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!CLIENT_NAME.test(trimmed)) {
      setError(
        'Use letters, digits, spaces, "_", "." or "-" (at most 64), e.g. "cursor" or "work laptop".',
      );
      return;
    }
    setBusy(true);
    const result = await create(trimmed, profile);
    setBusy(false);
    if (result.ok) {
      setName('');
      setError(undefined);
    } else setError(describeError(result.error));
  };

  return (
    <>
      <CreatedToken />
      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title" className="card-title">
          Connect a new client
        </h2>
        <p className="muted">
          Give each app its own token, so you can see its calls and revoke it alone.
        </p>
        <form className="field-row" onSubmit={(event) => void submit(event)} noValidate>
          <div className="field field-grow">
            <label htmlFor={ids.name}>Client name</label>
            <input
              id={ids.name}
              className="input"
              placeholder="cursor"
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? ids.error : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.profile}>Profile</label>
            <select
              id={ids.profile}
              className="select"
              value={profile}
              onChange={(event) => setProfile(event.target.value)}
            >
              {profiles.map((item) => (
                <option key={item} value={item}>
                  {item}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-primary" disabled={busy}>
            <Icon name="plus" size={14} />
            {busy ? 'Creating…' : 'Create client'}
          </button>
        </form>
        <InlineError id={ids.error} message={error} />
      </section>
    </>
  );
}
