/**
 * The page's only door to the engine: `window.switchboard`, an EngineApi carried over IPC, and
 * nothing else (no generic channel access). Sandboxed preloads run as one CommonJS script that
 * may require 'electron' alone, so everything else here is imported as types only; this is
 * also the only renderer-side code that touches ipcRenderer (a lint rule bans it elsewhere).
 */
import { contextBridge, ipcRenderer, type IpcRenderer } from 'electron';
import type {
  ApiResult,
  EngineApi,
  EventName,
  EventPayload,
  MethodName,
  MethodParams,
  MethodResult,
} from '../../shared/contract.ts';
import type {
  ChannelMessage,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  PushChannel,
  SendChannel,
} from '../main/ipc/ipc-channels.ts';

export type RawIpcRenderer = Pick<IpcRenderer, 'invoke' | 'send' | 'on'>;

/** The typed ends of the channel map, renderer side. */
function typedIpc(raw: RawIpcRenderer) {
  return {
    invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>) {
      return raw.invoke(channel, request) as Promise<InvokeResponse<C>>;
    },
    send<C extends SendChannel>(channel: C, message: ChannelMessage<C>): void {
      raw.send(channel, message);
    },
    listen<C extends PushChannel>(channel: C, listener: (message: ChannelMessage<C>) => void) {
      raw.on(channel, (_event, message: ChannelMessage<C>) => listener(message));
    },
  };
}

export function createEngineBridge(raw: RawIpcRenderer): EngineApi {
  const ipc = typedIpc(raw);
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  ipc.listen('engine:event', ({ event, payload }) => {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`switchboard: a ${event} listener failed`, error);
      }
    }
  });

  return {
    async call<M extends MethodName>(
      method: M,
      params: MethodParams<M>,
    ): Promise<ApiResult<MethodResult<M>>> {
      try {
        // The engine service validated the result against the contract before it crossed.
        return (await ipc.invoke('engine:call', { method, params })) as ApiResult<MethodResult<M>>;
      } catch (error) {
        // Checked by shape: errors from Electron's IPC may come from another realm.
        const message =
          typeof (error as { message?: unknown })?.message === 'string'
            ? (error as { message: string }).message
            : String(error);
        return { ok: false, error: { code: 'internal', message } };
      }
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        // The first listener of this page: main subscribes this window to the engine.
        ipc.send('engine:subscribe', { event });
      }
      const own = set;
      // A wrapper per subscription, so the same function subscribed twice unsubscribes twice.
      const entry = (payload: unknown) => listener(payload as EventPayload<E>);
      own.add(entry);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        own.delete(entry);
        if (own.size === 0 && listeners.get(event) === own) {
          listeners.delete(event);
          ipc.send('engine:unsubscribe', { event });
        }
      };
    },
  };
}

contextBridge.exposeInMainWorld('switchboard', createEngineBridge(ipcRenderer));
