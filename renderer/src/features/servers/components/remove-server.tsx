/** Removing a server, behind a second confirming click. */
import { useState } from 'react';
import { useServers } from '../../../app/stores-context.tsx';

export function RemoveServer({ name }: { name: string }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useServers((state) => state.remove);
  const busy = useServers((state) => state.busy[name] === 'remove');
  return (
    <section className="form-section danger-zone" aria-labelledby="remove-title">
      <h3 id="remove-title">Remove server</h3>
      <p className="muted">
        Stops it and removes it from the servers file. Its tools disappear from every client.
      </p>
      {confirming ? (
        <div className="button-row">
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => void remove(name)}
          >
            {busy ? 'Removing…' : `Remove “${name}”`}
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => setConfirming(false)}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button button-danger-ghost"
          onClick={() => setConfirming(true)}
        >
          Remove…
        </button>
      )}
    </section>
  );
}
