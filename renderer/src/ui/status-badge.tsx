/** A coloured dot and label; the colour is never the only signal (the label says it too). */
import type { ReactNode } from 'react';

export type BadgeTone = 'ok' | 'busy' | 'warn' | 'bad' | 'idle' | 'accent';

export function StatusBadge({
  tone,
  children,
  pulse,
}: {
  tone: BadgeTone;
  children: ReactNode;
  pulse?: boolean;
}) {
  return (
    <span className={`badge badge-${tone}`}>
      <span className={`dot${pulse ? ' dot-pulse' : ''}`} aria-hidden="true" />
      {children}
    </span>
  );
}

export function Tag({ children, tone }: { children: ReactNode; tone?: BadgeTone }) {
  return <span className={`tag${tone ? ` tag-${tone}` : ''}`}>{children}</span>;
}
