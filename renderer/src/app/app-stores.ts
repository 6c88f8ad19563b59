/** Every store of the dashboard, built from one EngineApi so tests can hand in a fake. */
import type { EngineApi } from '../api/engine-api.ts';
import { tapErrors } from '../api/engine-api.ts';
import {
  createCallLogStore,
  type CallLogStore,
} from '../features/call-log/store/call-log-store.ts';
import { createCatalogStore, type CatalogStore } from '../features/catalog/store/catalog-store.ts';
import { createInstallStore, type InstallStore } from '../features/catalog/store/install-store.ts';
import {
  createClientConfigsStore,
  type ClientConfigsStore,
} from '../features/clients/store/client-configs-store.ts';
import { createClientsStore, type ClientsStore } from '../features/clients/store/clients-store.ts';
import { createConsentStore, type ConsentStore } from '../features/consent/store/consent-store.ts';
import {
  createProfilesStore,
  type ProfilesStore,
} from '../features/profiles/store/profiles-store.ts';
import { createServersStore, type ServersStore } from '../features/servers/store/servers-store.ts';
import {
  createSettingsStore,
  type SettingsStore,
} from '../features/settings/store/settings-store.ts';
import { createAppStore, type AppStore, type CarrierKind, type Screen } from './app-store.ts';

export type AppStores = {
  app: AppStore;
  servers: ServersStore;
  catalog: CatalogStore;
  installs: InstallStore;
  clients: ClientsStore;
  clientConfigs: ClientConfigsStore;
  profiles: ProfilesStore;
  callLog: CallLogStore;
  consent: ConsentStore;
  settings: SettingsStore;
};

export type AppStoresOptions = { screen?: Screen; now?: () => number; carrier?: CarrierKind };

export function createAppStores(carrier: EngineApi, options: AppStoresOptions = {}): AppStores {
  const app = createAppStore(options.screen, options.carrier);
  // Any 401 from any call means this browser session is gone: show how to sign in again.
  const api = tapErrors(carrier, (_method, error) => {
    if (error.code === 'unauthorized') app.getState().setSignedOut(true);
  });
  const report = app.getState().report;
  return {
    app,
    servers: createServersStore(api, report),
    catalog: createCatalogStore(api, report),
    installs: createInstallStore(api, report),
    clients: createClientsStore(api, report),
    clientConfigs: createClientConfigsStore(api, report),
    profiles: createProfilesStore(api, report),
    callLog: createCallLogStore(api, { report, ...(options.now ? { now: options.now } : {}) }),
    consent: createConsentStore(api, report),
    settings: createSettingsStore(api, report),
  };
}

/** Loads every store and follows the engine's events; returns one function that stops all. */
export function connectAppStores(stores: AppStores): () => void {
  const stops = [
    stores.servers.getState().connect(),
    stores.clients.getState().connect(),
    stores.callLog.getState().connect(),
    stores.consent.getState().connect(),
    stores.installs.getState().connect(),
  ];
  void stores.settings.getState().load();
  void stores.profiles.getState().load();
  return () => {
    for (const stop of stops) stop();
  };
}
