/**
 * Env variables or headers whose values are write-only: each existing name can get a new value
 * or be removed, and new names can be added. Stored values never reach the dashboard.
 */
import { useId } from 'react';
import { Icon } from '../../../ui/icons.tsx';
import type { AddedValue, ExistingValue } from '../lib/launch-edit.ts';

type Props = {
  noun: 'variable' | 'header';
  names: string[];
  existing: Record<string, ExistingValue>;
  added: AddedValue[];
  onExisting(name: string, next: ExistingValue): void;
  onAdded(next: AddedValue[]): void;
  problem?: string;
};

export function WriteOnlyValues({
  noun,
  names,
  existing,
  added,
  onExisting,
  onAdded,
  problem,
}: Props) {
  const ids = { title: useId(), hint: useId() };
  const title = noun === 'variable' ? 'Environment variables' : 'Headers';
  const updateAdded = (index: number, patch: Partial<AddedValue>) =>
    onAdded(added.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <div className="field" role="group" aria-labelledby={ids.title} aria-describedby={ids.hint}>
      <span className="field-label" id={ids.title}>
        {title}
      </span>
      <p className="field-hint" id={ids.hint}>
        Values are never shown because they may be secrets: type a new value to replace one, or
        leave it empty to keep it. A value may be a reference such as{' '}
        <code>{'${secret:NAME}'}</code>, kept in your keychain under Secrets.
      </p>
      {names.length + added.length > 0 ? (
        <ul className="value-rows">
          {names.map((name) => {
            const row = existing[name] ?? { value: '', remove: false };
            return (
              <li className={row.remove ? 'value-row value-row-removed' : 'value-row'} key={name}>
                <code className="value-name">{name}</code>
                <input
                  className="input input-sm input-mono"
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  aria-label={`New value for ${name}`}
                  placeholder={row.remove ? 'Will be removed' : 'New value'}
                  disabled={row.remove}
                  value={row.value}
                  onChange={(event) => onExisting(name, { ...row, value: event.target.value })}
                />
                <button
                  type="button"
                  className="button button-sm button-danger-ghost"
                  aria-pressed={row.remove}
                  aria-label={`Remove ${name}`}
                  onClick={() => onExisting(name, { value: '', remove: !row.remove })}
                >
                  Remove
                </button>
              </li>
            );
          })}
          {added.map((row, index) => (
            <li className="value-row" key={index}>
              <input
                className="input input-sm input-mono"
                aria-label={`New ${noun} ${index + 1} name`}
                placeholder={noun === 'variable' ? 'API_KEY' : 'Authorization'}
                spellCheck={false}
                autoFocus // just added with the button: typing goes to its name
                value={row.name}
                onChange={(event) => updateAdded(index, { name: event.target.value })}
              />
              <input
                className="input input-sm input-mono"
                type="password"
                autoComplete="off"
                spellCheck={false}
                aria-label={`New ${noun} ${index + 1} value`}
                placeholder="Value"
                value={row.value}
                onChange={(event) => updateAdded(index, { value: event.target.value })}
              />
              <button
                type="button"
                className="button button-sm button-ghost button-icon"
                aria-label={`Discard new ${noun} ${index + 1}`}
                onClick={() => onAdded(added.filter((_, at) => at !== index))}
              >
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None yet.</p>
      )}
      {problem ? <p className="field-error">{problem}</p> : null}
      <div>
        <button
          type="button"
          className="button button-sm button-ghost"
          onClick={() => onAdded([...added, { name: '', value: '' }])}
        >
          <Icon name="plus" size={14} />
          Add {noun}
        </button>
      </div>
    </div>
  );
}
