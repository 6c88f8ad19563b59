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
            <code className="code-box">{settings.url}/mcp</code>
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
          <dd className="fact-with-action">
            <code className="code-box">{settings.dataDir}</code>
            <CopyButton text={settings.dataDir} label="Copy the data directory path" compact />
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

/** What the engine accepts for each number (it validates again; these only spare a round trip). */
const LIMITS = {
  consentTimeoutSeconds: { min: 1, max: 3600 },
  logRetentionDays: { min: 1, max: undefined },
  logMaxRows: { min: 1, max: undefined },
} as const satisfies Record<string, { min: number; max: number | undefined }>;
type NumberKey = keyof typeof LIMITS;

/** Why a value cannot be saved, in words, or undefined when it can. */
export function numberProblem(key: NumberKey, value: number): string | undefined {
  const { min, max } = LIMITS[key];
  if (!Number.isFinite(value)) return 'Enter a number.';
  if (!Number.isInteger(value)) return 'Enter a whole number.';
  if (value < min || (max !== undefined && value > max)) {
    return max === undefined ? `Enter ${min} or more.` : `Enter a number from ${min} to ${max}.`;
  }
  return undefined;
}

function NumberField({
  label,
  hint,
  value,
  limits,
  unit,
  error,
  onChange,
}: {
  label: string;
  hint: string;
  value: number;
  limits: { min: number; max: number | undefined };
  unit: string;
  error: string | undefined;
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
          min={limits.min}
          max={limits.max}
          step={1}
          value={Number.isFinite(value) ? value : ''}
          onChange={(event) => onChange(event.target.valueAsNumber)}
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
        />
        <span className="input-unit-label">{unit}</span>
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
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
  const problems = {
    consentTimeoutSeconds: numberProblem('consentTimeoutSeconds', draft.consentTimeoutSeconds),
    logRetentionDays: numberProblem('logRetentionDays', draft.logRetentionDays),
    logMaxRows: numberProblem('logMaxRows', draft.logMaxRows),
  };
  const invalid = Object.values(problems).some((problem) => problem !== undefined);
  const patch = (next: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...next }));
    setResult({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
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
          limits={LIMITS.consentTimeoutSeconds}
          value={draft.consentTimeoutSeconds}
          error={problems.consentTimeoutSeconds}
          hint="From 1 to 3600. Unanswered requests are denied after this."
          onChange={(consentTimeoutSeconds) => patch({ consentTimeoutSeconds })}
        />
        <NumberField
          label="Keep the call log for"
          unit="days"
          limits={LIMITS.logRetentionDays}
          value={draft.logRetentionDays}
          error={problems.logRetentionDays}
          hint="Older calls are deleted."
          onChange={(logRetentionDays) => patch({ logRetentionDays })}
        />
        <NumberField
          label="Keep at most"
          unit="calls"
          limits={LIMITS.logMaxRows}
          value={draft.logMaxRows}
          error={problems.logMaxRows}
          hint="The oldest go first."
          onChange={(logMaxRows) => patch({ logMaxRows })}
        />
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!dirty || saving || invalid}
        >
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
