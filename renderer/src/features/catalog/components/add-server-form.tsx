/** The "add server" form: a local command or a remote URL, its env or headers, secrets kept aside. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useCatalog, useServers, useSettings } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import { SegmentedControl } from '../../../ui/segmented-control.tsx';
import { POLICIES, POLICY_HINTS, POLICY_LABELS } from '../../servers/lib/server-status.ts';
import type { ToolPolicy } from '../../servers/lib/server-types.ts';
import {
  buildEntry,
  EMPTY_FORM,
  validateForm,
  type AddServerForm,
  type Transport,
} from '../lib/server-entry.ts';
import { KeyValueRows } from './key-value-rows.tsx';

const TRANSPORTS = [
  {
    value: 'stdio',
    label: 'Local command',
    hint: 'A program Switchboard starts (npx, uvx, docker, …)',
  },
  { value: 'http', label: 'Remote (HTTP)', hint: 'A Streamable HTTP server at a URL' },
  { value: 'sse', label: 'Remote (SSE)', hint: 'An older SSE server at a URL' },
] as const satisfies readonly { value: Transport; label: string; hint: string }[];

export function AddServerFormCard() {
  const ids = {
    name: useId(),
    command: useId(),
    args: useId(),
    url: useId(),
    policy: useId(),
    errors: useId(),
  };
  const [form, setForm] = useState<AddServerForm>(EMPTY_FORM);
  const gatewayDefault = useSettings((state) => state.settings?.defaultPolicy);
  const [policy, setPolicy] = useState<ToolPolicy | undefined>();
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const existing = useServers((state) => state.servers);
  const add = useCatalog((state) => state.add);
  const select = useServers((state) => state.select);
  const problems = validateForm(
    form,
    existing.map((server) => server.name),
  );
  const shown = touched ? problems : {};
  const effectivePolicy = policy ?? gatewayDefault ?? 'ask';
  const patch = (next: Partial<AddServerForm>) => setForm((current) => ({ ...current, ...next }));
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);

  // A refused submit moves focus to the first field that needs fixing.
  useEffect(() => {
    if (attempts > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempts]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length > 0) {
      setAttempts((count) => count + 1);
      return;
    }
    setBusy(true);
    const name = form.name.trim();
    const result = await add(name, buildEntry(form), effectivePolicy);
    setBusy(false);
    if (!result.ok) {
      setError(describeError(result.error));
      return;
    }
    setError(undefined);
    setTouched(false);
    setForm(EMPTY_FORM);
    select(name);
  };

  const describedBy = (field: keyof typeof problems) =>
    shown[field] ? `${ids.errors}-${field}` : undefined;

  return (
    <section className="card" aria-labelledby="add-title">
      <h2 id="add-title" className="card-title">
        Add a server
      </h2>
      <form className="form" ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={ids.name}>
            Name{' '}
            <span className="required" aria-hidden="true">
              *
            </span>
          </label>
          <input
            id={ids.name}
            className="input"
            required
            aria-invalid={shown.name ? true : undefined}
            aria-describedby={describedBy('name')}
            placeholder="github"
            value={form.name}
            onChange={(event) => patch({ name: event.target.value })}
            spellCheck={false}
          />
          <InlineError id={`${ids.errors}-name`} message={shown.name} />
        </div>
        <div className="field">
          <span className="field-label" id={`${ids.name}-kind`}>
            Kind
          </span>
          <SegmentedControl
            label="Kind of server"
            value={form.transport}
            options={TRANSPORTS}
            onChange={(transport) => patch({ transport, rows: [] })}
          />
        </div>
        {form.transport === 'stdio' ? (
          <div className="field-grid">
            <div className="field">
              <label htmlFor={ids.command}>
                Command{' '}
                <span className="required" aria-hidden="true">
                  *
                </span>
              </label>
              <input
                id={ids.command}
                className="input input-mono"
                required
                aria-invalid={shown.command ? true : undefined}
                aria-describedby={describedBy('command')}
                placeholder="npx"
                value={form.command}
                onChange={(event) => patch({ command: event.target.value })}
                spellCheck={false}
              />
              <InlineError id={`${ids.errors}-command`} message={shown.command} />
            </div>
            <div className="field">
              <label htmlFor={ids.args}>Arguments</label>
              <input
                id={ids.args}
                className="input input-mono"
                placeholder="-y @modelcontextprotocol/server-github"
                value={form.args}
                onChange={(event) => patch({ args: event.target.value })}
                spellCheck={false}
              />
            </div>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={ids.url}>
              URL{' '}
              <span className="required" aria-hidden="true">
                *
              </span>
            </label>
            <input
              id={ids.url}
              className="input input-mono"
              type="url"
              required
              aria-invalid={shown.url ? true : undefined}
              aria-describedby={describedBy('url')}
              placeholder="https://example.com/mcp"
              value={form.url}
              onChange={(event) => patch({ url: event.target.value })}
              spellCheck={false}
            />
            <InlineError id={`${ids.errors}-url`} message={shown.url} />
          </div>
        )}
        <div className="field">
          <span className="field-label">
            {form.transport === 'stdio' ? 'Environment variables' : 'Headers'}
          </span>
          <p className="field-hint">
            Mark API keys and tokens as <strong>secret</strong>: they go to your keychain, and the
            config only keeps a reference.
          </p>
          <KeyValueRows
            rows={form.rows}
            onChange={(rows) => patch({ rows })}
            noun={form.transport === 'stdio' ? 'variable' : 'header'}
          />
          <InlineError message={shown.rows} />
        </div>
        <div className="field">
          <span className="field-label">Its tools, until you decide per tool</span>
          <SegmentedControl
            label="Default policy for its tools"
            value={effectivePolicy}
            options={POLICIES.map((value) => ({
              value,
              label: POLICY_LABELS[value],
              hint: POLICY_HINTS[value],
            }))}
            onChange={setPolicy}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add and start'}
          </button>
        </div>
        <InlineError message={error} />
      </form>
    </section>
  );
}
