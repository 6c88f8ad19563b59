/** The four answers, their words and keyboard shortcuts (one place, shown in the prompt too). */
import type { ConsentAnswer } from '../store/consent-store.ts';

export type AnswerInfo = {
  label: string;
  detail: string;
  keys: readonly [string, string];
  tone: 'primary' | 'default' | 'danger';
};

export const ANSWERS: Record<ConsentAnswer, AnswerInfo> = {
  'allow-once': {
    label: 'Allow once',
    detail: 'Just this call',
    keys: ['1', 'O'],
    tone: 'primary',
  },
  'allow-session': {
    label: 'Allow for session',
    detail: 'Until this client session ends',
    keys: ['2', 'S'],
    tone: 'default',
  },
  'allow-always': {
    label: 'Always allow',
    detail: 'For every client of this profile',
    keys: ['3', 'A'],
    tone: 'default',
  },
  deny: { label: 'Deny', detail: 'The client gets an error', keys: ['4', 'D'], tone: 'danger' },
};

export const ANSWER_ORDER = Object.keys(ANSWERS) as ConsentAnswer[];

/** The answer a key press stands for, if any ("1"–"4", or the letter, any case). */
export function answerForKey(key: string): ConsentAnswer | undefined {
  const pressed = key.toUpperCase();
  return ANSWER_ORDER.find((answer) => ANSWERS[answer].keys.includes(pressed));
}

/** "0:42", "2:05". */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
