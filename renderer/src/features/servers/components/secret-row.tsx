/** One secret: whether it is set (its value is never shown), a write-only input to set it, and clear. */
import { useId, useState, type FormEvent } from 'react';
import { useServers } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import { StatusBadge } from '../../../ui/status-badge.tsx';
import type { ServerSettings } from '../lib/server-types.ts';

export function SecretRow({
  server,
  secret,
}: {
  server: string;
  secret: ServerSettings['secrets'][number];
}) {
  const inputId = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const setSecret = useServers((state) => state.setSecret);
  const deleteSecret = useServers((state) => state.deleteSecret);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!value) return;
    setBusy(true);
    const result = await setSecret(server, secret.key, value);
    setBusy(false);
    if (result.ok) {
      setValue(''); // write-only: nothing of it stays on screen
      setError(undefined);
    } else setError(describeError(result.error));
  };

  const clear = async () => {
    setBusy(true);
    const result = await deleteSecret(server, secret.key);
    setBusy(false);
    setError(result.ok ? undefined : describeError(result.error));
  };

  return (
    <li className="secret-row">
      <div className="secret-name">
        <code>{secret.key}</code>
        {secret.profile ? <span className="muted"> for profile {secret.profile}</span> : null}
        <StatusBadge tone={secret.set ? 'ok' : 'warn'}>
          {secret.set ? 'Set' : 'Not set'}
        </StatusBadge>
      </div>
      <form className="secret-form" onSubmit={(event) => void save(event)}>
        <label className="visually-hidden" htmlFor={inputId}>
          New value for {secret.key}
        </label>
        <input
          id={inputId}
          className="input input-sm"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={secret.set ? 'Replace value…' : 'Enter value…'}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="button button-sm" disabled={!value || busy}>
          {secret.set ? 'Replace' : 'Set'}
        </button>
        {secret.set ? (
          <button
            type="button"
            className="button button-sm button-ghost"
            disabled={busy}
            onClick={() => void clear()}
            aria-label={`Clear ${secret.key}`}
          >
            Clear
          </button>
        ) : null}
      </form>
      <InlineError message={error} />
    </li>
  );
}
