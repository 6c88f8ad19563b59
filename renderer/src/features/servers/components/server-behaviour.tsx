/**
 * How the gateway runs a server: isolation, lazy start and the default policy of its tools,
 * with what saving each does. Isolation and lazy start are fixed per running server, so a
 * change to either restarts it; the default policy applies from the next call.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useServers } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { Icon } from '../../../ui/icons.tsx';
import { InlineError } from '../../../ui/inline-error.tsx';
import {
  ISOLATION_LABELS,
  ISOLATION_MODES,
  POLICIES,
  POLICY_LABELS,
} from '../lib/server-status.ts';
import type { IsolationMode, ServerSettings, ToolPolicy } from '../lib/server-types.ts';

function RestartWarning({ name }: { name: string }) {
  return (
    <div className="callout callout-warn">
      <Icon name="restart" />
      <p>
        <strong>Saving restarts “{name}”.</strong> Its connections close, so whatever it kept in
        memory (data, subscriptions) is gone. Clients on <code>/mcp</code> get it back by
        themselves; sessions on its own address (<code>/mcp/servers/{name}</code>) end and must
        reconnect.
      </p>
    </div>
  );
}

export function ServerBehaviour({ settings }: { settings: ServerSettings }) {
  const ids = {
    isolation: useId(),
    lazy: useId(),
    policy: useId(),
    cache: useId(),
    hint: useId(),
  };
  const configure = useServers((state) => state.configure);
  const [isolation, setIsolation] = useState<IsolationMode>(settings.isolation);
  const [lazy, setLazy] = useState(settings.lazy);
  const [policy, setPolicy] = useState<ToolPolicy | ''>(settings.defaultPolicy ?? '');
  const savedCache = settings.resultCacheSeconds ? String(settings.resultCacheSeconds) : '';
  const [cache, setCache] = useState(savedCache);
  const [state, setState] = useState<{ saving?: boolean; saved?: boolean; error?: string }>({});
  // Saved here or changed elsewhere: the form shows what is in force now (other reloads, such
  // as after a secret is set, leave unsaved choices alone).
  useEffect(() => setIsolation(settings.isolation), [settings.isolation]);
  useEffect(() => setLazy(settings.lazy), [settings.lazy]);
  useEffect(() => setPolicy(settings.defaultPolicy ?? ''), [settings.defaultPolicy]);
  useEffect(() => setCache(savedCache), [savedCache]);
  const restarts = isolation !== settings.isolation || lazy !== settings.lazy;
  const dirty = restarts || policy !== (settings.defaultPolicy ?? '') || cache !== savedCache;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setState({ saving: true });
    const result = await configure(settings.name, {
      isolation,
      lazy,
      defaultPolicy: policy === '' ? null : policy,
      // Blank switches it off; anything else the engine checks and names when it is wrong.
      resultCacheSeconds: cache.trim() === '' ? null : Number(cache),
    });
    setState(result.ok ? { saved: true } : { error: describeError(result.error) });
  };

  return (
    <form
      className="form-section"
      aria-labelledby="behaviour-title"
      aria-describedby={ids.hint}
      onSubmit={(event) => void save(event)}
    >
      <h3 id="behaviour-title">How Switchboard runs it</h3>
      <p className="muted" id={ids.hint}>
        Changing isolation or lazy start restarts the server. The default policy and the result
        cache apply from the next call, without a restart.
      </p>
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
        <span className="field-hint">
          Which sessions share one connection to it
          {settings.transport === 'stdio' ? ' (a process of its own per connection)' : ''}. Most
          servers keep state per connection, such as data and subscriptions: share only stateless
          ones.
        </span>
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
      <div className="field">
        <label htmlFor={ids.cache}>Cache read-only results (seconds)</label>
        <input
          id={ids.cache}
          className="input"
          inputMode="numeric"
          placeholder="Off"
          value={cache}
          onChange={(event) => setCache(event.target.value)}
        />
        <span className="field-hint">
          A client calling one of its read-only tools again with the same arguments gets the kept
          result, never another client&apos;s. Blank is off; a resource or tool list change clears
          it.
        </span>
      </div>
      {restarts ? <RestartWarning name={settings.name} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!dirty || state.saving}>
          {state.saving ? 'Saving…' : restarts ? 'Save and restart' : 'Save changes'}
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
