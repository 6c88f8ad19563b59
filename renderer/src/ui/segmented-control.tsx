/**
 * A small set of exclusive choices as native radio buttons (arrow keys move between them),
 * styled as one segmented control.
 */
import { useId } from 'react';

export type SegmentOption<T extends string> = { value: T; label: string; hint?: string };

export function SegmentedControl<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
  size = 'md',
}: {
  label: string;
  value: T | undefined;
  options: readonly SegmentOption<T>[];
  onChange: (value: T) => void;
  disabled?: boolean;
  size?: 'sm' | 'md';
}) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={label} className={`segmented segmented-${size}`}>
      {options.map((option) => (
        <label
          key={option.value}
          className={`segment segment-${option.value}${value === option.value ? ' is-checked' : ''}`}
          title={option.hint}
        >
          <input
            type="radio"
            className="visually-hidden"
            name={name}
            value={option.value}
            checked={value === option.value}
            disabled={disabled}
            onChange={() => onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
