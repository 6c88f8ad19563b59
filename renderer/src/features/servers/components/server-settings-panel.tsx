/** A server's launch details (read-only), secrets, and how the gateway runs it. */
import { useEffect } from 'react';
import { useServers, useSettings } from '../../../app/stores-context.tsx';
import { Tag } from '../../../ui/status-badge.tsx';
import type { ServerSettings } from '../lib/server-types.ts';
import { RemoveServer } from './remove-server.tsx';
import { ServerBehaviour } from './server-behaviour.tsx';
import { SecretRow } from './secret-row.tsx';

function Launch({ settings }: { settings: ServerSettings }) {
  const line =
    settings.transport === 'stdio'
      ? [settings.command ?? '', ...(settings.args ?? [])].join(' ')
      : (settings.url ?? '');
  return (
    <section className="form-section" aria-labelledby="launch-title">
      <h3 id="launch-title">{settings.transport === 'stdio' ? 'Command' : 'Address'}</h3>
      <pre className="code-block code-inline">{line}</pre>
      <h4>Environment variables</h4>
      {settings.envKeys.length === 0 ? (
        <p className="muted">None. Values are never shown here: they may be secrets.</p>
      ) : (
        <div className="tag-list" aria-label="Environment variable names">
          {settings.envKeys.map((key) => (
            <Tag key={key}>{key}</Tag>
          ))}
        </div>
      )}
    </section>
  );
}

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
      <Launch settings={settings} />
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
