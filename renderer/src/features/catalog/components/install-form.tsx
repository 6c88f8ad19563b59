/**
 * Installing one catalog entry: a form with exactly the settings and secrets it declares, then
 * the install's progress (a bar and npm's lines) until the server is added. Secret fields are
 * password inputs; their values go to the engine (the keychain) and are cleared at once.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useCatalog, useInstalls } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import type { InstallJob, InstallPlan } from '../store/install-store.ts';

type Setting = InstallPlan['settings'][number];

const SOURCE_LABELS: Record<InstallPlan['source'], string> = {
  npm: 'npm package (installed into Switchboard)',
  pypi: 'PyPI package (runs with uvx)',
  oci: 'Container image (docker or podman)',
  mcpb: 'MCP bundle',
  remote: 'Remote server (by URL)',
};

/** A description as a sentence, so the notes after it read on. */
function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

function SettingInput({
  setting,
  value,
  onChange,
}: {
  setting: Setting;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const hint = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>
        <code>{setting.name}</code>
        {setting.isRequired ? (
          <span className="required" aria-label="required">
            {' '}
            *
          </span>
        ) : null}
        {setting.isSecret ? <span className="muted"> (secret)</span> : null}
      </label>
      {setting.choices ? (
        <select
          id={id}
          className="select"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">{setting.default ? `Default (${setting.default})` : 'Choose…'}</option>
          {setting.choices.map((choice) => (
            <option key={choice}>{choice}</option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          className="input input-mono"
          type={setting.isSecret ? 'password' : 'text'}
          autoComplete={setting.isSecret ? 'new-password' : 'off'}
          required={setting.isRequired && !setting.isSecret && setting.default === undefined}
          placeholder={setting.default ?? ''}
          aria-describedby={hint}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          spellCheck={false}
        />
      )}
      <p id={hint} className="field-hint">
        {setting.description ? sentence(setting.description) : ''}
        {setting.isSecret
          ? ' Stored in your OS keychain; the config keeps only a reference, and it is never shown again.'
          : ''}
        {setting.isSecret && setting.isRequired ? ' Without it the server does not start.' : ''}
      </p>
    </div>
  );
}

/** The server's name and every setting the install asks for: catalog entries and bundles. */
export function InstallFields({
  name,
  onName,
  settings,
  values,
  onValues,
}: {
  name: string;
  onName: (name: string) => void;
  settings: Setting[];
  values: Record<string, string>;
  onValues: (change: (current: Record<string, string>) => Record<string, string>) => void;
}) {
  const nameId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={nameId}>Server name</label>
        <input
          id={nameId}
          className="input input-mono"
          required
          value={name}
          onChange={(event) => onName(event.target.value)}
          spellCheck={false}
        />
      </div>
      {settings.length === 0 ? <p className="muted">It needs no settings.</p> : null}
      {settings.map((setting) => (
        <SettingInput
          key={setting.name}
          setting={setting}
          value={values[setting.name] ?? ''}
          onChange={(value) => onValues((current) => ({ ...current, [setting.name]: value }))}
        />
      ))}
    </>
  );
}

export function InstallProgressView({ job }: { job: InstallJob }) {
  const percent = job.fraction === undefined ? undefined : Math.round(job.fraction * 100);
  const words =
    job.phase === 'done'
      ? `Installed ${job.server}.`
      : job.phase === 'failed'
        ? `Installing ${job.server} failed: ${job.error ?? ''}`
        : `Installing ${job.server}: ${job.phase}${percent === undefined ? '' : ` (${percent}%)`}`;
  return (
    <div className="install-progress" data-phase={job.phase}>
      <p role="status">{words}</p>
      {job.phase !== 'failed' ? (
        <progress
          aria-label={`Install of ${job.server}`}
          max={100}
          {...(percent === undefined ? {} : { value: percent })}
        />
      ) : null}
      {job.lines.length ? <pre className="install-lines">{job.lines.join('\n')}</pre> : null}
    </div>
  );
}

function PlanForm({ plan }: { plan: InstallPlan }) {
  const ids = { name: useId() };
  const start = useInstalls((state) => state.start);
  const open = useInstalls((state) => state.open);
  const remember = useCatalog((state) => state.remember);
  const [name, setName] = useState(plan.defaultName);
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const result = await start({ name, values });
    setBusy(false);
    if (!result.ok) return setError(describeError(result.error));
    setValues({}); // secrets are the engine's now
    remember(result.value.server);
  };
  return (
    <form
      className="form install-form"
      onSubmit={(event) => void submit(event)}
      aria-label={`Install ${plan.summary.title ?? plan.summary.name}`}
    >
      {plan.sources.length > 1 ? (
        <div className="field">
          <label htmlFor={`${ids.name}-source`}>Install as</label>
          <select
            id={`${ids.name}-source`}
            className="select"
            value={plan.source}
            onChange={(event) =>
              void open(plan.summary.name, event.target.value as InstallPlan['source'])
            }
          >
            {plan.sources.map((source) => (
              <option key={source} value={source}>
                {SOURCE_LABELS[source]}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="muted">
          {SOURCE_LABELS[plan.source]}
          {plan.version ? `, version ${plan.version}` : ''}
        </p>
      )}
      <InstallFields
        name={name}
        onName={setName}
        settings={plan.settings}
        values={values}
        onValues={setValues}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Starting the install…' : 'Install'}
        </button>
      </div>
      <InlineError message={error} />
    </form>
  );
}

/** The open install: its form, then its progress. */
export function InstallPanel() {
  const form = useInstalls((state) => state.form);
  const job = useInstalls((state) =>
    state.form?.jobId ? state.jobs[state.form.jobId] : undefined,
  );
  const close = useInstalls((state) => state.close);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [form?.catalog]);
  if (!form) return null;
  const title = form.plan?.summary.title ?? form.catalog;
  return (
    <section className="card card-highlight install-panel" aria-labelledby="install-title">
      <div className="card-head">
        <h2 id="install-title" className="card-title" tabIndex={-1} ref={heading}>
          Install {title}
        </h2>
        <button type="button" className="button button-ghost button-sm" onClick={close}>
          {job?.phase === 'done' || job?.phase === 'failed' ? 'Close' : 'Cancel'}
        </button>
      </div>
      {form.status === 'loading' ? <p role="status">Reading what it needs…</p> : null}
      {form.status === 'error' ? <InlineError message={form.error} /> : null}
      {form.plan && !form.jobId ? <PlanForm plan={form.plan} /> : null}
      {job ? <InstallProgressView job={job} /> : null}
    </section>
  );
}
