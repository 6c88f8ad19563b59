/**
 * Editing how a server is launched (command, arguments, working directory, env) or reached (URL,
 * headers). Only what changed is sent; the engine saves the config file and restarts the server.
 */
import { useId, useState, type FormEvent } from 'react';
import { useServers } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import {
  draftFrom,
  isLocal,
  patchFrom,
  valueNames,
  valueNoun,
  type LaunchDraft,
} from '../lib/launch-edit.ts';
import type { ServerSettings } from '../lib/server-types.ts';
import { WriteOnlyValues } from './write-only-values.tsx';

export function LaunchForm({ settings, onDone }: { settings: ServerSettings; onDone(): void }) {
  const ids = {
    command: useId(),
    args: useId(),
    argsHint: useId(),
    cwd: useId(),
    cwdHint: useId(),
    url: useId(),
  };
  const update = useServers((state) => state.update);
  const [draft, setDraft] = useState<LaunchDraft>(() => draftFrom(settings));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const { patch, problem } = patchFrom(settings, draft);
  const changed = Object.keys(patch).length > 0;
  const edit = (next: Partial<LaunchDraft>) => setDraft((current) => ({ ...current, ...next }));
  const text = (field: 'command' | 'args' | 'cwd' | 'url') => ({
    value: draft[field],
    onChange: (event: { target: { value: string } }) => edit({ [field]: event.target.value }),
    spellCheck: false,
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!changed || problem) return;
    setSaving(true);
    setError(undefined);
    const result = await update(settings.name, patch);
    if (result.ok) return onDone();
    // The draft stays as typed, so the named field can be fixed and sent again.
    setSaving(false);
    setError(describeError(result.error));
  };

  return (
    <form
      className="form"
      aria-label="Launch settings"
      noValidate // the engine checks the fields and names the one it refuses, in words
      onSubmit={(event) => void save(event)}
    >
      {isLocal(settings) ? (
        <>
          <div className="field">
            <label htmlFor={ids.command}>Command</label>
            <input
              id={ids.command}
              className="input input-mono"
              placeholder="npx"
              autoFocus // the form opens on an explicit "Edit": start where the edit starts
              {...text('command')}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.args}>Arguments</label>
            <textarea
              id={ids.args}
              className="input input-mono input-multiline"
              rows={Math.min(8, Math.max(3, draft.args.split('\n').length + 1))}
              aria-describedby={ids.argsHint}
              {...text('args')}
            />
            <span className="field-hint" id={ids.argsHint}>
              One argument per line, so an argument may contain spaces without quotes. Blank lines
              are ignored.
            </span>
          </div>
          <div className="field">
            <label htmlFor={ids.cwd}>Working directory</label>
            <input
              id={ids.cwd}
              className="input input-mono"
              placeholder="None"
              aria-describedby={ids.cwdHint}
              {...text('cwd')}
            />
            <span className="field-hint" id={ids.cwdHint}>
              Empty for none: it then starts in the gateway&apos;s own directory.
            </span>
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor={ids.url}>URL</label>
          <input
            id={ids.url}
            className="input input-mono"
            type="url"
            placeholder="https://example.com/mcp"
            autoFocus
            {...text('url')}
          />
        </div>
      )}
      <WriteOnlyValues
        noun={valueNoun(settings)}
        names={valueNames(settings)}
        existing={draft.existing}
        added={draft.added}
        onExisting={(name, next) => edit({ existing: { ...draft.existing, [name]: next } })}
        onAdded={(added) => edit({ added })}
        problem={problem}
      />
      <p className="muted">
        Saving writes the config file and restarts “{settings.name}”: its connections close and
        clients reconnect.
      </p>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!changed || Boolean(problem) || saving}
        >
          {saving ? 'Saving…' : 'Save and restart'}
        </button>
        <button type="button" className="button" disabled={saving} onClick={onDone}>
          Cancel
        </button>
      </div>
      <InlineError message={error} />
    </form>
  );
}
