/** A labelled select in a filter bar: its options are values with the words shown for each. */
import { useId } from 'react';

export type FilterOption<T extends string> = { value: T; label: string };

export function FilterSelect<T extends string>(props: {
  label: string;
  value: T;
  options: readonly FilterOption<T>[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="filter">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        className="select select-sm"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Any" (the empty value) followed by `values`, each shown by its label. */
export function anyOf<T extends string>(
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
  any = 'Any',
): FilterOption<T | ''>[] {
  return [{ value: '', label: any }, ...values.map((value) => ({ value, label: labels[value] }))];
}
