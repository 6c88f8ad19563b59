/** Renders the whole dashboard (or one screen) over a fake EngineApi, for component tests. */
import { act, render } from '@testing-library/react';
import type { EventName, EventPayload } from '../api/engine-api.ts';
import {
  createFakeEngineApi,
  type FakeEngineApi,
  type FakeHandlers,
} from '../api/fake-engine-api.ts';
import { App } from '../app/app.tsx';
import type { CarrierKind, Screen } from '../app/app-store.ts';
import { createAppStores, type AppStores } from '../app/app-stores.ts';

export type Rendered = ReturnType<typeof render> & { api: FakeEngineApi; stores: AppStores };

export async function renderApp(
  handlers: FakeHandlers = {},
  screen: Screen = 'servers',
  options: { carrier?: CarrierKind } = {},
): Promise<Rendered> {
  const api = createFakeEngineApi(handlers);
  const stores = createAppStores(api, { screen, ...options });
  const result = render(<App stores={stores} routeInHash={false} />);
  // Let the first loads (all answered at once by the fake) settle.
  await settle();
  return { ...result, api, stores };
}

/** Delivers an engine event inside act(), as React expects for updates it did not start. */
export function emit<E extends EventName>(
  api: FakeEngineApi,
  event: E,
  payload: EventPayload<E>,
): void {
  act(() => api.emit(event, payload));
}

/** Lets pending promises (fake answers) settle inside act(). */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
