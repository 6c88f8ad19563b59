/**
 * Keyboard shortcuts for consent, wherever focus is: 1–4 or O/S/A/D answer the request shown,
 * J/K or →/← move through the queue, Esc calls `onEscape` (if given).
 */
import { useEffect } from 'react';
import { answerForKey } from '../lib/consent-answers.ts';
import type { ConsentAnswer, ConsentRequest } from '../store/consent-store.ts';

export type ConsentShortcuts = {
  enabled: boolean;
  request: ConsentRequest | undefined;
  pending: ConsentRequest[];
  answer: (id: string, answer: ConsentAnswer) => unknown;
  show: (id: string) => void;
  onEscape?: () => void;
};

const NEXT = new Set(['ArrowRight', 'j', 'J']);
const PREVIOUS = new Set(['ArrowLeft', 'k', 'K']);

export function useConsentShortcuts({
  enabled,
  request,
  pending,
  answer,
  show,
  onEscape,
}: ConsentShortcuts): void {
  useEffect(() => {
    if (!enabled || !request) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (event.key === 'Escape' && onEscape) {
        event.preventDefault();
        onEscape();
        return;
      }
      if (NEXT.has(event.key) || PREVIOUS.has(event.key)) {
        if (pending.length < 2) return;
        const index = pending.findIndex((item) => item.id === request.id);
        const step = NEXT.has(event.key) ? 1 : -1;
        const next = pending[(index + step + pending.length) % pending.length];
        if (next) {
          event.preventDefault();
          show(next.id);
        }
        return;
      }
      const chosen = answerForKey(event.key);
      if (chosen && request.expiresAt > Date.now()) {
        event.preventDefault();
        void answer(request.id, chosen);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled, request, pending, answer, show, onEscape]);
}
