/** The "always allow" answers given so far, each revocable. */
import { useEffect } from 'react';
import { useSettings } from '../../../app/stores-context.tsx';
import { formatDateTime } from '../../../ui/format.ts';

export function Grants() {
  const grants = useSettings((state) => state.grants);
  const load = useSettings((state) => state.loadGrants);
  const revoke = useSettings((state) => state.revokeGrant);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="card" aria-labelledby="grants-title">
      <h2 id="grants-title" className="card-title">
        Remembered permissions <span className="count">{grants.length}</span>
      </h2>
      {grants.length === 0 ? (
        <p className="muted">
          When you answer <strong>Always allow</strong> to a consent request, it is listed here so
          you can take it back.
        </p>
      ) : (
        <ul className="grant-rows">
          {grants.map((grant) => (
            <li key={grant.id} className="grant-row">
              <span className="mono truncate">
                {grant.server}/{grant.tool}
              </span>
              <span className="muted">
                profile {grant.profile} · {formatDateTime(grant.grantedAt)}
              </span>
              <button
                type="button"
                className="button button-ghost button-sm"
                onClick={() => void revoke(grant.id)}
                aria-label={`Revoke always-allow for ${grant.server}/${grant.tool}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
