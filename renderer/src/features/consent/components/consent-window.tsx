/**
 * The desktop app's consent popup (`?view=consent`): the pending requests alone, in a small
 * always-on-top window. The app closes the window once nothing is pending.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppStores } from '../../../app/app-stores.ts';
import { StoresProvider, useConsent } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { activeRequest } from '../store/consent-store.ts';
import { ConsentQueue } from './consent-prompt.tsx';
import { ConsentRequestView } from './consent-request-view.tsx';
import { useConsentShortcuts } from './use-consent-shortcuts.ts';

function ConsentPanel() {
  const { pending, answering, errors, show, answer } = useConsent(
    useShallow((state) => ({
      pending: state.pending,
      answering: state.answering,
      errors: state.errors,
      show: state.show,
      answer: state.answer,
    })),
  );
  const request = useConsent((state) => activeRequest(state));
  const now = useNow(250);
  useConsentShortcuts({ enabled: true, request, pending, answer, show });

  return (
    <main className="consent-window" aria-labelledby={request ? 'consent-title' : 'consent-idle'}>
      {request ? (
        <>
          <ConsentRequestView
            key={request.id}
            request={request}
            now={now}
            answering={answering?.id === request.id ? answering.answer : undefined}
            error={errors[request.id]}
            onAnswer={(chosen) => void answer(request.id, chosen)}
          />
          {pending.length > 1 ? (
            <ConsentQueue pending={pending} activeId={request.id} now={now} onShow={show} />
          ) : null}
          <p className="muted consent-keys">
            Keys: <kbd>1</kbd>–<kbd>4</kbd> or <kbd>O</kbd> <kbd>S</kbd> <kbd>A</kbd> <kbd>D</kbd>
            {pending.length > 1 ? (
              <>
                {' '}
                · <kbd>J</kbd>/<kbd>K</kbd> next/previous
              </>
            ) : null}
          </p>
        </>
      ) : (
        <div className="consent-idle">
          <Icon name="shield" size={22} />
          <h1 id="consent-idle">No requests waiting</h1>
          <p className="muted">Tool calls that need your permission appear here.</p>
        </div>
      )}
    </main>
  );
}

export function ConsentWindow({ stores }: { stores: AppStores }) {
  useEffect(() => stores.consent.getState().connect(), [stores]);
  return (
    <StoresProvider stores={stores}>
      <ConsentPanel />
    </StoresProvider>
  );
}
