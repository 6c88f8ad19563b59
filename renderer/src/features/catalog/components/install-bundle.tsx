/**
 * Installing a local MCPB bundle (.mcpb): read it first (what it is and the settings its
 * manifest asks for), then the same form as a catalog install. The path is on the machine the
 * gateway runs on, which is this one. Secret values are cleared once sent.
 */
import { useId, useState, type FormEvent } from 'react';
import { useCatalog, useInstalls } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import type { BundlePlan } from '../store/install-store.ts';
import { InstallFields } from './install-form.tsx';

function BundleForm({ plan, onDone }: { plan: BundlePlan; onDone: (note: string) => void }) {
  const installBundle = useInstalls((state) => state.installBundle);
  const remember = useCatalog((state) => state.remember);
  const [name, setName] = useState(plan.name);
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await installBundle({ file: plan.file, name, values });
    setBusy(false);
    setValues({}); // secrets are the engine's now
    if (!result.ok) return setError(describeError(result.error));
    remember(result.value.server);
    const missing = result.value.missingSecrets;
    onDone(
      `Installed ${result.value.server}.${missing.length ? ` It starts once ${missing.join(', ')} is set.` : ''}`,
    );
  };
  return (
    <form
      className="form install-form"
      onSubmit={(event) => void submit(event)}
      aria-label={`Install ${plan.title}`}
    >
      <p>
        <strong>{plan.title}</strong> <span className="muted">version {plan.version}</span>
      </p>
      <p className="muted">{plan.description}</p>
      <InstallFields
        name={name}
        onName={setName}
        settings={plan.settings}
        values={values}
        onValues={setValues}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Installing…' : 'Install bundle'}
        </button>
      </div>
      <InlineError message={error} />
    </form>
  );
}

export function InstallBundle() {
  const inputId = useId();
  const planBundle = useInstalls((state) => state.planBundle);
  const [file, setFile] = useState('');
  const [plan, setPlan] = useState<BundlePlan>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const read = async (event: FormEvent) => {
    event.preventDefault();
    setNote(undefined);
    const result = await planBundle(file.trim());
    setPlan(result.ok ? result.value : undefined);
    setError(result.ok ? undefined : describeError(result.error));
  };
  return (
    <section className="card" aria-labelledby="bundle-title">
      <h2 id="bundle-title" className="card-title">
        Install a bundle (.mcpb)
      </h2>
      <form className="field-row" onSubmit={(event) => void read(event)}>
        <div className="field field-grow">
          <label htmlFor={inputId}>Bundle file path</label>
          <input
            id={inputId}
            className="input input-mono"
            required
            value={file}
            placeholder="/home/you/Downloads/server.mcpb"
            onChange={(event) => setFile(event.target.value)}
            spellCheck={false}
          />
        </div>
        <button type="submit" className="button">
          Read bundle
        </button>
      </form>
      <InlineError message={error} />
      {plan ? (
        <BundleForm
          key={plan.file}
          plan={plan}
          onDone={(text) => {
            setPlan(undefined);
            setNote(text);
          }}
        />
      ) : null}
      {note ? (
        <p className="result-note" role="status">
          {note}
        </p>
      ) : null}
    </section>
  );
}
