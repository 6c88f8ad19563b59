/**
 * "Try a search": what search_tools answers an agent of this profile (as saved), ranked, with
 * how many tools were searched. Enter searches; Escape closes (the card gives focus back).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useProfiles } from '../../../app/stores-context.tsx';
import { describeError } from '../../../api/engine-api.ts';
import { plural } from '../../../ui/format.ts';
import { InlineError } from '../../../ui/inline-error.tsx';
import { Tag } from '../../../ui/status-badge.tsx';
import type { ToolSearchAnswer } from '../store/profiles-store.ts';

type Answer = ToolSearchAnswer & { query: string };

/** One line for the live region: what the last search found, in words. */
function summary(answer: Answer): string {
  const searched = `Searched ${plural(answer.searched, 'tool')}`;
  if (answer.tools.length === 0) return `${searched}: no tool matches “${answer.query}”.`;
  return `${searched}: the best ${plural(answer.tools.length, 'match', 'matches')} for “${answer.query}”.`;
}

export function ToolSearchPreview({
  profile,
  id,
  onClose,
}: {
  profile: string;
  id?: string;
  onClose(): void;
}) {
  const ids = { query: useId(), error: useId(), hint: useId() };
  const search = useProfiles((state) => state.search);
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer>();
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  /** Only the latest search's answer is shown. */
  const latest = useRef(0);
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const words = query.trim();
    if (!words) {
      setError('Type what an agent wants to do, e.g. “echo a message”.');
      setAnswer(undefined);
      input.current?.focus();
      return;
    }
    const mine = ++latest.current;
    setBusy(true);
    const result = await search(profile, words);
    if (mine !== latest.current) return;
    setBusy(false);
    setError(result.ok ? undefined : describeError(result.error));
    setAnswer(result.ok ? { ...result.value, query: words } : undefined);
  };

  return (
    <div className="search-preview" id={id}>
      <form
        role="search"
        aria-label={`Try a search as profile ${profile}`}
        onSubmit={(event) => void submit(event)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor={ids.query}>What an agent of “{profile}” wants to do</label>
          <div className="search-preview-row">
            <input
              id={ids.query}
              ref={input}
              className="input"
              type="search"
              placeholder="echo a message"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? ids.error : ids.hint}
            />
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Searching…' : 'Search'}
            </button>
          </div>
          <p className="field-hint" id={ids.hint}>
            The tools search_tools would offer it, best first, from the tools this profile sees.
          </p>
        </div>
      </form>
      <InlineError id={ids.error} message={error} />
      <p className="search-preview-summary" role="status">
        {answer && !busy ? summary(answer) : null}
      </p>
      {answer && !busy && answer.tools.length === 0 ? (
        <p className="notice">
          No tool matches “{answer.query}”
          {answer.searched === 0
            ? ': this profile sees no tools now (are its servers running?).'
            : '. Try the words an agent would use, e.g. a verb and a thing.'}
        </p>
      ) : null}
      {answer && answer.tools.length > 0 ? (
        <ol className="search-hits" aria-label={`Tools found for “${answer.query}”`}>
          {answer.tools.map((hit) => (
            <li key={hit.name} className="search-hit" data-tool={hit.name}>
              <div className="tool-name-line">
                <code className="tool-name">{hit.name}</code>
                <Tag>{hit.server}</Tag>
              </div>
              {hit.description ? <p className="tool-description">{hit.description}</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
