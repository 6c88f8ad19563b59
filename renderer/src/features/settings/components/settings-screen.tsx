/** Settings: where the gateway lives (read-only), its defaults, and remembered permissions. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSettings } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { CopyButton } from '../../../ui/copy-button.tsx';
import { InlineError } from '../../../ui/inline-error.tsx';
import { SegmentedControl } from '../../../ui/segmented-control.tsx';
import { StatusBadge } from '../../../ui/status-badge.tsx';
import { POLICIES, POLICY_HINTS, POLICY_LABELS } from '../../servers/lib/server-status.ts';
import type { GatewaySettings } from '../store/settings-store.ts';
import { Grants } from './grants.tsx';

function GatewayFacts({ settings }: { settings: GatewaySettings }) {
  return (
    <section className="card" aria-labelledby="gateway-title">
      <h2 id="gateway-title" className="card-title">
        Gateway
      </h2>
      <dl className="facts facts-wide">
        <div>
          <dt>MCP endpoint</dt>
          <dd className="fact-with-action">
            <code>{settings.url}/mcp</code>
            <CopyButton text={`${settings.url}/mcp`} label="Copy the MCP endpoint URL" compact />
          </dd>
        </div>
        <div>
          <dt>Port</dt>
          <dd>
            <code>{settings.port}</code>
          </dd>
        </div>
        <div>
          <dt>Data directory</dt>
          <dd>
            <code>{settings.dataDir}</code>
          </dd>
        </div>
        <div>
          <dt>Secrets stored in</dt>
          <dd>
            {settings.secretStore === 'keychain' ? (
              <StatusBadge tone="ok">System keychain</StatusBadge>
            ) : (
              <>
                <StatusBadge tone="warn">Private file</StatusBadge>
                <p className="field-hint">
                  No system keychain was available when the gateway started.
                </p>
              </>
            )}
          </dd>
        </div>
      </dl>
      <p className="field-hint">
        These come from how the gateway was started (<code>--port</code>, <code>--data-dir</code>).
      </p>
    </section>
  );
}

type Draft = Pick<
  GatewaySettings,
  'defaultPolicy' | 'consentTimeoutSeconds' | 'logRetentionDays' | 'logMaxRows'
>;

function draftOf(settings: GatewaySettings): Draft {
  const { defaultPolicy, consentTimeoutSeconds, logRetentionDays, logMaxRows } = settings;
  return { defaultPolicy, consentTimeoutSeconds, logRetentionDays, logMaxRows };
}

function NumberField({
  label,
  hint,
  value,
  min,
  max,
  unit,
  onChange,
}: {
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  unit: string;
  onChange: (value: number) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-unit">
        <input
          id={id}
          className="input input-number"
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          value={Number.isFinite(value) ? value : ''}
          onChange={(event) => onChange(event.target.valueAsNumber)}
          aria-describedby={`${id}-hint`}
        />
        <span className="muted">{unit}</span>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}

function Defaults({ settings }: { settings: GatewaySettings }) {
  const save = useSettings((state) => state.save);
  const saving = useSettings((state) => state.saving);
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [result, setResult] = useState<{ saved?: boolean; error?: string }>({});
  useEffect(() => setDraft(draftOf(settings)), [settings]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(settings));
  const patch = (next: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...next }));
    setResult({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const integers = [draft.consentTimeoutSeconds, draft.logRetentionDays, draft.logMaxRows];
    if (!integers.every((value) => Number.isInteger(value) && value > 0)) {
      setResult({ error: 'Enter whole numbers greater than zero.' });
      return;
    }
    const outcome = await save(draft);
    setResult(outcome.ok ? { saved: true } : { error: describeError(outcome.error) });
  };

  return (
    <form
      className="card"
      aria-labelledby="defaults-title"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h2 id="defaults-title" className="card-title">
        Defaults
      </h2>
      <div className="field">
        <span className="field-label">Policy for the tools of new servers</span>
        <SegmentedControl
          label="Default policy for new servers"
          value={draft.defaultPolicy}
          options={POLICIES.map((value) => ({
            value,
            label: POLICY_LABELS[value],
            hint: POLICY_HINTS[value],
          }))}
          onChange={(defaultPolicy) => patch({ defaultPolicy })}
        />
        <p className="field-hint">
          “Ask” is the safe choice: you see each new tool before it runs the first time.
        </p>
      </div>
      <div className="field-grid field-grid-3">
        <NumberField
          label="Consent timeout"
          unit="seconds"
          min={5}
          max={3600}
          value={draft.consentTimeoutSeconds}
          hint="Unanswered requests are denied after this."
          onChange={(consentTimeoutSeconds) => patch({ consentTimeoutSeconds })}
        />
        <NumberField
          label="Keep the call log for"
          unit="days"
          min={1}
          max={3650}
          value={draft.logRetentionDays}
          hint="Older calls are deleted."
          onChange={(logRetentionDays) => patch({ logRetentionDays })}
        />
        <NumberField
          label="Keep at most"
          unit="calls"
          min={100}
          max={10_000_000}
          value={draft.logMaxRows}
          hint="The oldest go first."
          onChange={(logMaxRows) => patch({ logMaxRows })}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!dirty || saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {dirty ? (
          <button
            type="button"
            className="button button-ghost"
            onClick={() => patch(draftOf(settings))}
          >
            Discard changes
          </button>
        ) : null}
        {result.saved && !dirty ? (
          <span className="saved-note" role="status">
            Saved
          </span>
        ) : null}
      </div>
      <InlineError message={result.error} />
    </form>
  );
}

export function SettingsScreen() {
  const settings = useSettings((state) => state.settings);
  const loadError = useSettings((state) => state.loadError);
  const load = useSettings((state) => state.load);
  useEffect(() => {
    void load();
  }, [load]);
  if (!settings) {
    return loadError ? (
      <InlineError message={describeError(loadError)} />
    ) : (
      <p className="loading">Loading settings…</p>
    );
  }
  return (
    <div className="columns">
      <div className="column-main">
        <Defaults settings={settings} />
        <Grants />
      </div>
      <div className="column-side">
        <GatewayFacts settings={settings} />
      </div>
    </div>
  );
}
