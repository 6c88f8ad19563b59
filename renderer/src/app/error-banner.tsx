/** Engine errors from any screen, in words, until dismissed: nothing fails silently. */
import { Icon } from '../ui/icons.tsx';
import { useApp } from './stores-context.tsx';

export function ErrorBanner() {
  const notices = useApp((state) => state.notices);
  const dismiss = useApp((state) => state.dismiss);
  if (notices.length === 0) return null;
  return (
    <section className="error-banner" aria-label="Errors">
      {notices.map((notice) => (
        <div className="error-banner-item" role="alert" key={notice.id}>
          <Icon name="alert" />
          <p>
            <strong>{notice.action} failed.</strong> {notice.message}
          </p>
          <button
            type="button"
            className="button button-ghost button-icon button-sm"
            aria-label={`Dismiss: ${notice.action} failed`}
            onClick={() => dismiss(notice.id)}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </section>
  );
}
