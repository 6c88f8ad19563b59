/** Editable name/value rows (environment variables or headers), each optionally a secret. */
import { Icon } from '../../../ui/icons.tsx';
import type { KeyValueRow } from '../lib/server-entry.ts';

export function KeyValueRows({
  rows,
  onChange,
  noun,
}: {
  rows: KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  noun: 'variable' | 'header';
}) {
  const update = (index: number, patch: Partial<KeyValueRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <div className="kv">
      {rows.length > 0 ? (
        <ul className="kv-rows">
          {rows.map((row, index) => (
            <li className="kv-row" key={index}>
              <input
                className="input input-mono input-sm"
                aria-label={`${noun} ${index + 1} name`}
                placeholder={noun === 'variable' ? 'API_KEY' : 'Authorization'}
                value={row.key}
                onChange={(event) => update(index, { key: event.target.value })}
                spellCheck={false}
              />
              <input
                className="input input-mono input-sm"
                aria-label={`${noun} ${index + 1} value`}
                type={row.secret ? 'password' : 'text'}
                autoComplete="off"
                placeholder="value"
                value={row.value}
                onChange={(event) => update(index, { value: event.target.value })}
                spellCheck={false}
              />
              <label className="kv-secret">
                <input
                  type="checkbox"
                  checked={row.secret}
                  onChange={(event) => update(index, { secret: event.target.checked })}
                />
                Secret
              </label>
              <button
                type="button"
                className="button button-ghost button-icon button-sm"
                aria-label={`Remove ${noun} ${index + 1}`}
                onClick={() => onChange(rows.filter((_, at) => at !== index))}
              >
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="button button-ghost button-sm"
        onClick={() => onChange([...rows, { key: '', value: '', secret: false }])}
      >
        <Icon name="plus" size={14} />
        Add {noun}
      </button>
    </div>
  );
}
