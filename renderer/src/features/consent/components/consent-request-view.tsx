/** One pending request in full: who asks, for which tool, with what arguments, and how long is left. */
import { Icon } from '../../../ui/icons.tsx';
import { InlineError } from '../../../ui/inline-error.tsx';
import { Tag } from '../../../ui/status-badge.tsx';
import { annotationTags } from '../../servers/lib/tool-annotations.ts';
import { ANSWER_ORDER, ANSWERS, formatCountdown } from '../lib/consent-answers.ts';
import type { ConsentAnswer, ConsentRequest } from '../store/consent-store.ts';

export function Countdown({ request, now }: { request: ConsentRequest; now: number }) {
  const left = request.expiresAt - now;
  const total = Math.max(1, request.expiresAt - request.requestedAt);
  const fraction = Math.min(1, Math.max(0, left / total));
  return (
    <div className={`countdown${left <= 10_000 ? ' is-urgent' : ''}`}>
      <span className="countdown-text" aria-live={left <= 10_000 ? 'polite' : 'off'}>
        {left > 0 ? (
          <>
            Denied automatically in{' '}
            <strong className="countdown-time">{formatCountdown(left)}</strong>
          </>
        ) : (
          <strong>Expired — the call was denied</strong>
        )}
      </span>
      <span className="countdown-track" aria-hidden="true">
        <span className="countdown-fill" style={{ transform: `scaleX(${fraction})` }} />
      </span>
    </div>
  );
}

export function ConsentRequestView({
  request,
  now,
  answering,
  error,
  onAnswer,
}: {
  request: ConsentRequest;
  now: number;
  answering: ConsentAnswer | undefined;
  error: string | undefined;
  onAnswer: (answer: ConsentAnswer) => void;
}) {
  const expired = request.expiresAt <= now;
  const tags = annotationTags(request.annotations);
  const title = request.annotations?.title;
  const args = JSON.stringify(request.arguments, null, 2);
  const hasArgs = args !== '{}' && args !== 'null';
  return (
    <div className="consent-request">
      <p className="consent-eyebrow">
        <Icon name="shield" size={14} /> <strong>{request.clientName}</strong> wants to use a tool
        <span className="muted"> · profile {request.profile}</span>
      </p>
      <h2 id="consent-title" className="consent-title">
        Allow <code>{request.tool}</code> on <strong>{request.server}</strong>?
      </h2>
      {title || tags.length > 0 ? (
        <div className="consent-tags">
          {title ? <span className="muted">{title}</span> : null}
          {tags.map((tag) => (
            <span key={tag.label} title={tag.hint}>
              <Tag tone={tag.tone}>{tag.label}</Tag>
            </span>
          ))}
        </div>
      ) : null}
      <Countdown request={request} now={now} />
      <details className="disclosure" open>
        <summary>Arguments</summary>
        {hasArgs ? (
          <pre className="code-block consent-args" tabIndex={0} aria-label="Arguments of the call">
            {args}
          </pre>
        ) : (
          <p className="muted">No arguments.</p>
        )}
      </details>
      <InlineError message={error} />
      <div className="consent-answers" role="group" aria-label="Your answer">
        {ANSWER_ORDER.map((answer) => {
          const info = ANSWERS[answer];
          return (
            <button
              key={answer}
              type="button"
              className={`answer answer-${info.tone}`}
              disabled={expired || answering !== undefined}
              aria-keyshortcuts={`${info.keys[0]} ${info.keys[1]}`}
              onClick={() => onAnswer(answer)}
            >
              <span className="answer-label">{answering === answer ? 'Sending…' : info.label}</span>
              <span className="answer-detail">{info.detail}</span>
              <span className="answer-keys" aria-hidden="true">
                <kbd>{info.keys[0]}</kbd>
                <kbd>{info.keys[1]}</kbd>
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
