/** The dashboard shell: navigation, header, error banner, the current screen, and consent on top. */
import { useEffect, useRef, type JSX } from 'react';
import { CallLogScreen } from '../features/call-log/components/call-log-screen.tsx';
import { CatalogScreen } from '../features/catalog/components/catalog-screen.tsx';
import { ClientsScreen } from '../features/clients/components/clients-screen.tsx';
import { ConsentPrompt } from '../features/consent/components/consent-prompt.tsx';
import { ServersScreen } from '../features/servers/components/servers-screen.tsx';
import { SettingsScreen } from '../features/settings/components/settings-screen.tsx';
import type { Screen } from './app-store.ts';
import { isScreen } from './app-store.ts';
import { connectAppStores, type AppStores } from './app-stores.ts';
import { ErrorBanner } from './error-banner.tsx';
import { Header } from './header.tsx';
import { Sidebar } from './sidebar.tsx';
import { SignedOut } from './signed-out.tsx';
import { StoresProvider, useApp, useConsent } from './stores-context.tsx';

const SCREEN_COMPONENTS: Record<Screen, () => JSX.Element> = {
  servers: ServersScreen,
  catalog: CatalogScreen,
  clients: ClientsScreen,
  'call-log': CallLogScreen,
  settings: SettingsScreen,
};

/** Keeps the screen in the URL hash (#/clients), so reloads and the back button work. */
function useHashRoute(stores: AppStores, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const fromHash = () => {
      const name = window.location.hash.replace(/^#\/?/, '');
      if (isScreen(name)) stores.app.getState().navigate(name);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    const unsubscribe = stores.app.subscribe((state, previous) => {
      if (state.screen !== previous.screen && window.location.hash !== `#/${state.screen}`)
        window.location.hash = `/${state.screen}`;
    });
    return () => {
      window.removeEventListener('hashchange', fromHash);
      unsubscribe();
    };
  }, [stores, enabled]);
}

function Shell() {
  const screen = useApp((state) => state.screen);
  const signedOut = useApp((state) => state.signedOut);
  // While the consent dialog is up, everything behind it is inert (no focus, no clicks, not read).
  const consentOpen = useConsent((state) => state.pending.length > 0 && !state.minimized);
  const content = useRef<HTMLElement>(null);
  const first = useRef(true);
  const Current = SCREEN_COMPONENTS[screen];

  // Moving to another screen moves focus to its content, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    content.current?.focus();
  }, [screen]);

  if (signedOut) return <SignedOut />;
  return (
    <div className="app">
      <div className="app-frame" inert={consentOpen}>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <Sidebar />
        <div className="main">
          <Header />
          <ErrorBanner />
          <main
            id="content"
            className="content"
            ref={content}
            tabIndex={-1}
            aria-labelledby="screen-title"
          >
            <Current />
          </main>
        </div>
      </div>
      <ConsentPrompt />
    </div>
  );
}

export function App({ stores, routeInHash = true }: { stores: AppStores; routeInHash?: boolean }) {
  useEffect(() => connectAppStores(stores), [stores]);
  useHashRoute(stores, routeInHash);
  return (
    <StoresProvider stores={stores}>
      <Shell />
    </StoresProvider>
  );
}
