/** Update (when the catalog has a newer version) and Uninstall, for one installed server. */
import { useState } from 'react';
import { useInstalls, useServers } from '../../../app/stores-context.tsx';

export function InstalledActions({ name }: { name: string }) {
  const update = useInstalls((state) => state.updates.find((item) => item.server === name));
  const busy = useInstalls((state) => state.busy.includes(name));
  const runUpdate = useInstalls((state) => state.update);
  const uninstall = useInstalls((state) => state.uninstall);
  // A removed server sends no status event: the list is read again.
  const reloadServers = useServers((state) => state.load);
  // Uninstalling deletes files and secrets: a second click confirms.
  const [confirming, setConfirming] = useState(false);
  return (
    <span className="installed-actions">
      {update ? (
        <button
          type="button"
          className="button button-sm"
          disabled={busy}
          aria-label={`Update ${name} from ${update.from} to ${update.to}`}
          onClick={() => void runUpdate(name)}
        >
          Update to {update.to}
        </button>
      ) : null}
      <button
        type="button"
        className={`button button-sm${confirming ? ' button-danger' : ' button-ghost'}`}
        disabled={busy}
        aria-label={confirming ? `Confirm: uninstall ${name}` : `Uninstall ${name}`}
        onBlur={() => setConfirming(false)}
        onClick={() => {
          if (!confirming) return setConfirming(true);
          setConfirming(false);
          void uninstall(name).then(async (done) => {
            if (done) await reloadServers();
          });
        }}
      >
        {busy ? 'Working…' : confirming ? 'Confirm uninstall' : 'Uninstall'}
      </button>
    </span>
  );
}
