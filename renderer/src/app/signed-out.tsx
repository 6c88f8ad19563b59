/** Shown when the gateway answers 401: this browser has no (or an expired) admin session. */
import { Icon } from '../ui/icons.tsx';

export function SignedOut() {
  return (
    <main className="signed-out">
      <div className="signed-out-card">
        <span className="brand-mark brand-mark-lg">
          <Icon name="logo" size={26} />
        </span>
        <h1>
          Open the login link printed by <code>switchboard serve</code>
        </h1>
        <p>
          The dashboard needs a session from the gateway. When Switchboard starts, it prints a
          one-time login link in its terminal; open that link in this browser.
        </p>
        <p className="signed-out-hint">
          Lost it? Stop the gateway and start it again with <code>npm start</code> (or{' '}
          <code>switchboard serve</code>) to get a fresh link.
        </p>
        <button
          type="button"
          className="button button-primary"
          onClick={() => window.location.reload()}
        >
          I have signed in — reload
        </button>
      </div>
    </main>
  );
}
