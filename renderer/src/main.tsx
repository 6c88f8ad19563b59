/**
 * Entry point: picks the carrier (the desktop app's preload bridge, else HTTP to the gateway
 * that served this page), builds the stores on it, and renders the dashboard — or, in the
 * desktop app's consent popup (`?view=consent`), the consent requests alone.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpEngineApi, type HttpEngineApi } from '../../shared/http-engine-client.ts';
import { chooseEngineApi } from './api/choose-engine-api.ts';
import { App } from './app/app.tsx';
import { createAppStores, type AppStores } from './app/app-stores.ts';
import { ConsentWindow } from './features/consent/components/consent-window.tsx';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/installs.css';

/** Filled in once the stores exist; the HTTP carrier's stream callbacks use it. */
const shared: { stores?: AppStores; http?: HttpEngineApi } = {};

/** The event stream reconnects by itself; the header says so meanwhile, until it is back. */
function followStream(api: HttpEngineApi): (error: Error) => void {
  return (error) => {
    const app = shared.stores?.app.getState();
    if (!app || app.live === 'reconnecting') return;
    app.setLive('reconnecting', error.message);
    void api.ready().then(() => shared.stores?.app.getState().setLive('live'));
  };
}

const carrier = chooseEngineApi(window, (baseUrl) => {
  let onError: (error: Error) => void = () => {};
  const http = createHttpEngineApi({ baseUrl, onStreamError: (error) => onError(error) });
  onError = followStream(http);
  // Every (re)connection: the stores reload their snapshots, and the header can say "live".
  http.onLive(() => shared.stores?.app.getState().setLive('live'));
  shared.http = http;
  return http;
});
const stores = createAppStores(carrier.api, { carrier: carrier.kind });
shared.stores = stores;
if (carrier.kind === 'desktop') stores.app.getState().setLive('live');
// Signed out: stop knocking on the event stream; a reload after logging in starts afresh.
stores.app.subscribe((state) => {
  if (state.signedOut) shared.http?.close();
});

const view = new URLSearchParams(window.location.search).get('view');
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
document.documentElement.dataset.carrier = carrier.kind;

createRoot(root).render(
  <StrictMode>
    {view === 'consent' ? <ConsentWindow stores={stores} /> : <App stores={stores} />}
  </StrictMode>,
);
