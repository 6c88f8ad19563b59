/**
 * Picks the carrier for the one contract: the desktop app's preload bridge when it is there
 * (`window.switchboard`, exposed with contextBridge), else HTTP to the gateway that served
 * this page.
 */
import type { EngineApi } from './engine-api.ts';

declare global {
  interface Window {
    /** Set by the desktop app's preload script; absent in a browser. */
    switchboard?: EngineApi;
  }
}

export type Carrier = { api: EngineApi; kind: 'desktop' | 'http' };

function isEngineApi(value: unknown): value is EngineApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as EngineApi).call === 'function' &&
    typeof (value as EngineApi).subscribe === 'function'
  );
}

export function chooseEngineApi(
  win: Pick<Window, 'switchboard' | 'location'>,
  createHttp: (baseUrl: string) => EngineApi,
): Carrier {
  if (isEngineApi(win.switchboard)) return { api: win.switchboard, kind: 'desktop' };
  return { api: createHttp(win.location.origin), kind: 'http' };
}
