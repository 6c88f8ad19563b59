/** Hands the stores to components; components read them through selectors only. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStores } from './app-stores.ts';
import type { AppState } from './app-store.ts';
import type { CallLogState } from '../features/call-log/store/call-log-store.ts';
import type { CatalogState } from '../features/catalog/store/catalog-store.ts';
import type { InstallState } from '../features/catalog/store/install-store.ts';
import type { ClientConfigsState } from '../features/clients/store/client-configs-store.ts';
import type { ClientsState } from '../features/clients/store/clients-store.ts';
import type { ConsentState } from '../features/consent/store/consent-store.ts';
import type { ProfilesState } from '../features/profiles/store/profiles-store.ts';
import type { ServersState } from '../features/servers/store/servers-store.ts';
import type { SettingsState } from '../features/settings/store/settings-store.ts';

const StoresContext = createContext<AppStores | undefined>(undefined);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext value={stores}>{children}</StoresContext>;
}

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside <StoresProvider>');
  return stores;
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useStores().app, selector);
}
export function useServers<T>(selector: (state: ServersState) => T): T {
  return useStore(useStores().servers, selector);
}
export function useCatalog<T>(selector: (state: CatalogState) => T): T {
  return useStore(useStores().catalog, selector);
}
export function useInstalls<T>(selector: (state: InstallState) => T): T {
  return useStore(useStores().installs, selector);
}
export function useClients<T>(selector: (state: ClientsState) => T): T {
  return useStore(useStores().clients, selector);
}
export function useClientConfigs<T>(selector: (state: ClientConfigsState) => T): T {
  return useStore(useStores().clientConfigs, selector);
}
export function useProfiles<T>(selector: (state: ProfilesState) => T): T {
  return useStore(useStores().profiles, selector);
}
export function useCallLog<T>(selector: (state: CallLogState) => T): T {
  return useStore(useStores().callLog, selector);
}
export function useConsent<T>(selector: (state: ConsentState) => T): T {
  return useStore(useStores().consent, selector);
}
export function useSettings<T>(selector: (state: SettingsState) => T): T {
  return useStore(useStores().settings, selector);
}
