/**
 * The consent prompt, mounted app-wide: a modal dialog over any screen while requests are
 * pending, oldest first, with the queue beside it. Keys: 1–4 or O/S/A/D answer, J/K or ←/→
 * move through the queue, Esc sets the prompt aside (the sidebar brings it back).
 */
import { useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useConsent } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { formatCountdown } from '../lib/consent-answers.ts';
import { activeRequest, type ConsentRequest } from '../store/consent-store.ts';
import { ConsentRequestView } from './consent-request-view.tsx';
import { useConsentShortcuts } from './use-consent-shortcuts.ts';

export function ConsentQueue({
  pending,
  activeId,
  now,
  onShow,
}: {
  pending: ConsentRequest[];
  activeId: string;
  now: number;
  onShow: (id: string) => void;
}) {
  return (
    <nav className="consent-queue" aria-label={`${pending.length} pending requests`}>
      <h3 className="consent-queue-title">Waiting ({pending.length})</h3>
      <ul>
        {pending.map((request) => (
          <li key={request.id}>
            <button
              type="button"
              className="queue-item"
              aria-current={request.id === activeId ? 'true' : undefined}
              onClick={() => onShow(request.id)}
            >
              <span className="queue-tool mono truncate">
                {request.server}/{request.tool}
              </span>
              <span className="queue-meta">
                <span className="truncate">{request.clientName}</span>
                <span className="queue-time">{formatCountdown(request.expiresAt - now)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const FOCUSABLE =
  'button:not([disabled]), [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

export function ConsentPrompt() {
  const { pending, minimized, answering, errors } = useConsent(
    useShallow((state) => ({
      pending: state.pending,
      minimized: state.minimized,
      answering: state.answering,
      errors: state.errors,
    })),
  );
  const request = useConsent((state) => activeRequest(state));
  const { show, minimize, restore, answer } = useConsent(
    useShallow((state) => ({
      show: state.show,
      minimize: state.minimize,
      restore: state.restore,
      answer: state.answer,
    })),
  );
  const now = useNow(250);
  const dialog = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const open = request !== undefined && !minimized;

  // Focus moves into the dialog when it opens, and back where it was when it closes.
  useEffect(() => {
    if (!open) return;
    returnFocus.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => {
      const target = returnFocus.current;
      if (target && target.isConnected) target.focus();
    };
  }, [open]);

  useConsentShortcuts({ enabled: open, request, pending, answer, show, onEscape: minimize });

  // Tab stays inside the dialog.
  const trapTab = (event: ReactKeyboardEvent) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (
      event.shiftKey &&
      (document.activeElement === first || document.activeElement === dialog.current)
    ) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  if (!request) return null;
  if (minimized) {
    return (
      <button type="button" className="consent-pill" onClick={restore}>
        <Icon name="shield" size={14} />
        {pending.length === 1
          ? '1 request waiting for your answer'
          : `${pending.length} requests waiting for your answer`}
        <span className="consent-pill-time">{formatCountdown(request.expiresAt - now)}</span>
      </button>
    );
  }
  return (
    <div className="consent-layer">
      <div className="consent-scrim" aria-hidden="true" />
      <div
        ref={dialog}
        className={`consent-dialog${pending.length > 1 ? ' has-queue' : ''}`}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="consent-title"
        aria-describedby="consent-help"
        tabIndex={-1}
        onKeyDown={trapTab}
      >
        {pending.length > 1 ? (
          <ConsentQueue pending={pending} activeId={request.id} now={now} onShow={show} />
        ) : null}
        <div className="consent-body">
          <ConsentRequestView
            key={request.id}
            request={request}
            now={now}
            answering={answering?.id === request.id ? answering.answer : undefined}
            error={errors[request.id]}
            onAnswer={(chosen) => void answer(request.id, chosen)}
          />
          <div className="consent-footer">
            <p id="consent-help" className="muted">
              Answer with <kbd>1</kbd>–<kbd>4</kbd> or <kbd>O</kbd> <kbd>S</kbd> <kbd>A</kbd>{' '}
              <kbd>D</kbd>
              {pending.length > 1 ? (
                <>
                  {' '}
                  · <kbd>J</kbd> <kbd>K</kbd> next, previous
                </>
              ) : null}
            </p>
            <button
              type="button"
              className="button button-ghost button-sm"
              onClick={minimize}
              aria-keyshortcuts="Escape"
            >
              Decide later <kbd>Esc</kbd>
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
