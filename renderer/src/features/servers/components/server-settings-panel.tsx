/** A server's launch details, secrets, and how the gateway runs it. */
import { useEffect } from 'react';
import { useServers, useSettings } from '../../../app/stores-context.tsx';
import { LaunchSettings } from './launch-settings.tsx';
import { RemoveServer } from './remove-server.tsx';
import { ServerBehaviour } from './server-behaviour.tsx';
import { SecretRow } from './secret-row.tsx';

export function ServerSettingsPanel({ name }: { name: string }) {
  const settings = useServers((state) => state.settings[name]);
  const load = useServers((state) => state.loadSettings);
  const secretStore = useSettings((state) => state.settings?.secretStore);
  useEffect(() => {
    void load(name);
  }, [load, name]);
  if (!settings) return <p className="muted panel-empty">Loading settings…</p>;
  return (
    <div className="settings-panel">
      <LaunchSettings settings={settings} />
      <section className="form-section" aria-labelledby="secrets-title">
        <h3 id="secrets-title">Secrets</h3>
        {settings.secrets.length === 0 ? (
          <p className="muted">
            This server uses no secrets. To keep an API key out of its config, write{' '}
            <code>{'${secret:NAME}'}</code> in an env value or header, then set <code>NAME</code>{' '}
            here.
          </p>
        ) : (
          <>
            <p className="muted">
              Stored in{' '}
              {secretStore === 'file'
                ? 'a private file (no keychain was available)'
                : 'your system keychain'}
              . Values can be replaced or cleared, never read back.
            </p>
            <ul className="secret-rows">
              {settings.secrets.map((secret) => (
                <SecretRow
                  key={`${secret.key}/${secret.profile ?? ''}`}
                  server={name}
                  secret={secret}
                />
              ))}
            </ul>
          </>
        )}
      </section>
      <ServerBehaviour settings={settings} />
      <RemoveServer name={name} />
    </div>
  );
}
