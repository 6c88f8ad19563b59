/** Copies text to the clipboard and says so for two seconds (and to screen readers). */
import { useEffect, useState } from 'react';
import { Icon } from './icons.tsx';

export function CopyButton({
  text,
  label,
  compact,
}: {
  text: string;
  label: string;
  compact?: boolean;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  const words =
    state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy' : 'Copy';
  return (
    <button
      type="button"
      className={`button button-ghost button-sm${compact ? ' button-icon' : ''}`}
      onClick={() => void copy()}
      aria-label={label}
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} size={14} />
      {compact ? null : <span aria-hidden="true">{words}</span>}
      <span className="visually-hidden" role="status">
        {state === 'idle' ? '' : words}
      </span>
    </button>
  );
}
