/**
 * The profile form's "Tools the agent sees": every tool, or three meta-tools to search, describe
 * and call them (for agents with many tools), with the tools that stay listed all the same.
 */
import { useId } from 'react';
import type { ToolExposure } from '../../../../../shared/clients.ts';
import { PinnedTools } from './pinned-tools.tsx';

const CHOICES: { value: ToolExposure; label: string; hint: string }[] = [
  { value: 'all', label: 'Every tool', hint: 'its clients list every tool of its servers' },
  {
    value: 'search',
    label: 'Search',
    hint: 'three tools to search, describe and call the others: for agents with many tools',
  },
];

export type ExposureFieldsProps = {
  exposure: ToolExposure;
  onExposure(exposure: ToolExposure): void;
  /** The configured servers the profile (as edited) sees, whose tools can be pinned. */
  servers: string[];
  pinned: string[];
  onPinned(pinned: string[]): void;
};

export function ExposureFields({
  exposure,
  onExposure,
  servers,
  pinned,
  onPinned,
}: ExposureFieldsProps) {
  const name = useId();
  return (
    <fieldset className="fieldset">
      <legend className="field-label">Tools the agent sees</legend>
      {CHOICES.map((choice) => (
        <div className="field-check" key={choice.value}>
          <input
            id={`${name}-${choice.value}`}
            type="radio"
            name={name}
            checked={exposure === choice.value}
            onChange={() => onExposure(choice.value)}
          />
          <label htmlFor={`${name}-${choice.value}`}>
            {choice.label} <span className="muted">— {choice.hint}</span>
          </label>
        </div>
      ))}
      {exposure === 'search' ? (
        <PinnedTools servers={servers} pinned={pinned} onChange={onPinned} />
      ) : null}
    </fieldset>
  );
}
