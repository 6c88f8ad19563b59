/** How a server is launched (or reached), read-only until "Edit" opens the form. */
import { useEffect, useId, useRef, useState } from 'react';
import { Tag } from '../../../ui/status-badge.tsx';
import { commandLine, isLocal, valueNames } from '../lib/launch-edit.ts';
import type { ServerSettings } from '../lib/server-types.ts';
import { LaunchForm } from './launch-form.tsx';

function LaunchSummary({ settings }: { settings: ServerSettings }) {
  const local = isLocal(settings);
  const names = valueNames(settings);
  const noun = local ? 'Environment variable' : 'Header';
  return (
    <>
      <pre className="code-block code-inline">
        {local ? commandLine(settings) : (settings.url ?? '')}
      </pre>
      {local && settings.cwd ? (
        <p className="muted">
          In <code>{settings.cwd}</code>
        </p>
      ) : null}
      <h4>{local ? 'Environment variables' : 'Headers'}</h4>
      {names.length === 0 ? (
        <p className="muted">None. Values are never shown here: they may be secrets.</p>
      ) : (
        <div className="tag-list" aria-label={`${noun} names`}>
          {names.map((name) => (
            <Tag key={name}>{name}</Tag>
          ))}
        </div>
      )}
    </>
  );
}

export function LaunchSettings({ settings }: { settings: ServerSettings }) {
  const titleId = useId();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  // Closing the form (saved or cancelled) puts keyboard focus back where editing began.
  useEffect(() => {
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    editButton.current?.focus();
  }, [editing]);
  const close = () => {
    returnFocus.current = true;
    setEditing(false);
  };

  return (
    <section className="form-section" aria-labelledby={titleId}>
      <div className="section-bar">
        <h3 id={titleId}>{isLocal(settings) ? 'Command' : 'Address'}</h3>
        {editing ? null : (
          <button
            type="button"
            className="button button-sm"
            ref={editButton}
            onClick={() => setEditing(true)}
          >
            Edit
          </button>
        )}
      </div>
      {editing ? (
        <LaunchForm settings={settings} onDone={close} />
      ) : (
        <LaunchSummary settings={settings} />
      )}
    </section>
  );
}
