/** The tool hints worth showing, in words (they are the server's claims, not guarantees). */
import type { BadgeTone } from '../../../ui/status-badge.tsx';
import type { ToolView } from './server-types.ts';

export type AnnotationTag = { label: string; tone: BadgeTone; hint: string };

const HINTS: { key: string; when: boolean; label: string; tone: BadgeTone; hint: string }[] = [
  {
    key: 'readOnlyHint',
    when: true,
    label: 'read-only',
    tone: 'ok',
    hint: 'Says it does not change anything',
  },
  {
    key: 'destructiveHint',
    when: true,
    label: 'destructive',
    tone: 'bad',
    hint: 'May delete or overwrite data',
  },
  {
    key: 'idempotentHint',
    when: true,
    label: 'idempotent',
    tone: 'idle',
    hint: 'Calling it twice does no more than once',
  },
  {
    key: 'openWorldHint',
    when: true,
    label: 'open world',
    tone: 'warn',
    hint: 'Reaches outside systems (web, APIs)',
  },
];

export function annotationTags(annotations: Record<string, unknown> | undefined): AnnotationTag[] {
  if (!annotations) return [];
  return HINTS.filter((hint) => annotations[hint.key] === hint.when).map(
    ({ label, tone, hint }) => ({
      label,
      tone,
      hint,
    }),
  );
}

export const POLICY_SOURCE_WORDS: Record<ToolView['policySource'], string> = {
  profile: 'set for this profile',
  annotation: 'from the tool’s hints',
  'server-default': 'server default',
  default: 'gateway default',
};
