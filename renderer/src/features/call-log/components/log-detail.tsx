/** One call in full: who, what, how long, the consent decision, redacted arguments and the result summary. */
import { useCallLog } from '../../../app/stores-context.tsx';
import { Icon } from '../../../ui/icons.tsx';
import { StatusBadge } from '../../../ui/status-badge.tsx';
import { formatBytes, formatDateTime, formatClock, formatMs } from '../../../ui/format.ts';
import { STATUS_LABELS } from '../lib/log-types.ts';
import { STATUS_TONES } from './log-table.tsx';

const KIND_WORDS = {
  'tools/call': 'Tool call',
  'prompts/get': 'Prompt',
  'resources/read': 'Resource read',
  consent: 'Consent decision',
} as const;

export function LogDetail() {
  const entry = useCallLog((state) => state.entries.find((item) => item.id === state.selectedId));
  const select = useCallLog((state) => state.select);
  if (!entry) {
    return (
      <aside className="panel log-detail log-detail-empty" aria-label="Call details">
        <Icon name="log" size={20} />
        <p>Select a call to see its arguments, result and timing.</p>
        <p className="muted">Tip: focus the table and use ↑ ↓ to move between calls.</p>
      </aside>
    );
  }
  const facts: [string, string][] = [
    ['When', `${formatDateTime(entry.time)} (${formatClock(entry.time)})`],
    ['Client', `${entry.clientName} · profile ${entry.profile}`],
    ['Server', entry.server],
    ['Kind', KIND_WORDS[entry.kind]],
    ['Result size', formatBytes(entry.resultSize)],
    ['Session', entry.sessionId],
  ];
  return (
    <aside className="panel log-detail" aria-labelledby="log-detail-title">
      <div className="detail-header">
        <div className="detail-heading">
          <span className="muted log-detail-kind">
            {KIND_WORDS[entry.kind]} · {entry.server}
          </span>
          <h2 id="log-detail-title" className="mono log-detail-name">
            {entry.name}
          </h2>
        </div>
        <button
          type="button"
          className="button button-ghost button-icon button-sm"
          aria-label="Close details"
          onClick={() => select(undefined)}
        >
          <Icon name="close" size={14} />
        </button>
      </div>
      <div className="log-summary" aria-label="Outcome" role="group">
        <StatusBadge tone={STATUS_TONES[entry.status]}>{STATUS_LABELS[entry.status]}</StatusBadge>
        <span className="log-summary-duration" title="Duration">
          {formatMs(entry.durationMs)}
        </span>
        {entry.cached ? (
          <span
            className="tag"
            title="Answered from the gateway's result cache: the server was not called"
          >
            From cache
          </span>
        ) : null}
        {entry.consent ? (
          <span className="log-summary-consent">
            <span className="muted">Consent</span>{' '}
            <StatusBadge tone={entry.consent.decision === 'allow' ? 'ok' : 'bad'}>
              {entry.consent.decision === 'allow' ? 'Allowed' : 'Denied'}
            </StatusBadge>{' '}
            {entry.consent.answer} · by {entry.consent.decidedBy}
          </span>
        ) : null}
      </div>
      {entry.error ? (
        <div className="callout callout-bad">
          <Icon name="alert" />
          <p>{entry.error}</p>
        </div>
      ) : null}
      <details className="disclosure" open>
        <summary>Arguments</summary>
        <pre className="code-block">{JSON.stringify(entry.arguments, null, 2)}</pre>
        <p className="field-hint">Secrets and tokens are redacted before anything is logged.</p>
      </details>
      <details className="disclosure" open>
        <summary>Result summary</summary>
        {entry.resultSummary ? (
          <pre className="code-block code-wrap">{entry.resultSummary}</pre>
        ) : (
          <p className="muted">No result.</p>
        )}
      </details>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className={label === 'Session' ? 'mono truncate' : undefined} title={value}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
