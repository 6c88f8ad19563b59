/** A server's launch details (read-only), secrets, and how the gateway runs it. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useServers, useSettings } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import { Tag } from '../../../ui/status-badge.tsx';
import {
  ISOLATION_LABELS,
  ISOLATION_MODES,
  POLICIES,
  POLICY_LABELS,
} from '../lib/server-status.ts';
import type { IsolationMode, ServerSettings, ToolPolicy } from '../lib/server-types.ts';
import { RemoveServer } from './remove-server.tsx';
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

function Behaviour({ settings }: { settings: ServerSettings }) {
  const ids = { isolation: useId(), lazy: useId(), policy: useId() };
  const configure = useServers((state) => state.configure);
  const [isolation, setIsolation] = useState<IsolationMode>(settings.isolation);
  const [lazy, setLazy] = useState(settings.lazy);
  const [policy, setPolicy] = useState<ToolPolicy | ''>(settings.defaultPolicy ?? '');
  const [state, setState] = useState<{ saving?: boolean; saved?: boolean; error?: string }>({});
  const dirty =
    isolation !== settings.isolation ||
    lazy !== settings.lazy ||
    policy !== (settings.defaultPolicy ?? '');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setState({ saving: true });
    const result = await configure(settings.name, {
      isolation,
      lazy,
      defaultPolicy: policy === '' ? null : policy,
    });
    setState(result.ok ? { saved: true } : { error: describeError(result.error) });
  };

  return (
    <form
      className="form-section"
      aria-labelledby="behaviour-title"
      onSubmit={(event) => void save(event)}
    >
      <h3 id="behaviour-title">How Switchboard runs it</h3>
      <div className="field">
        <label htmlFor={ids.isolation}>Isolation</label>
        <select
          id={ids.isolation}
          className="select"
          value={isolation}
          onChange={(event) => setIsolation(event.target.value as IsolationMode)}
        >
          {ISOLATION_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {ISOLATION_LABELS[mode]}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-check">
        <input
          id={ids.lazy}
          type="checkbox"
          checked={lazy}
          onChange={(event) => setLazy(event.target.checked)}
        />
        <label htmlFor={ids.lazy}>
          Lazy start{' '}
          <span className="muted">— start it on the first request instead of with the gateway</span>
        </label>
      </div>
      <div className="field">
        <label htmlFor={ids.policy}>Default policy for its tools</label>
        <select
          id={ids.policy}
          className="select"
          value={policy}
          onChange={(event) => setPolicy(event.target.value as ToolPolicy | '')}
        >
          <option value="">Use the gateway default</option>
          {POLICIES.map((value) => (
            <option key={value} value={value}>
              {POLICY_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!dirty || state.saving}>
          {state.saving ? 'Saving…' : 'Save changes'}
        </button>
        {state.saved && !dirty ? (
          <span className="saved-note" role="status">
            Saved
          </span>
        ) : null}
      </div>
      <InlineError message={state.error} />
    </form>
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
      <Behaviour
        key={JSON.stringify([settings.isolation, settings.lazy, settings.defaultPolicy])}
        settings={settings}
      />
      <RemoveServer name={name} />
    </div>
  );
}
