/**
 * The one map of the desktop app's IPC channels, derived from the contract: the renderer calls
 * contract methods and (un)subscribes to contract events, main pushes those events back. Types
 * plus one exhaustive table; the preload (sandboxed: one script that may require only
 * 'electron') imports the types alone and names channels as literals these types check.
 */
import type {
  ApiResult,
  EventName,
  EventPayload,
  MethodName,
  MethodParams,
} from '../../../shared/contract.ts';

/** One contract method call, as the renderer sends it. */
export type EngineCall<M extends MethodName = MethodName> = { method: M; params: MethodParams<M> };
/** One contract event, as main pushes it to a subscribed window. */
export type EngineEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
export type EventSubscription = { event: EventName };

/**
 * Every channel: `invoke` is renderer → main and answered (always with an ApiResult, never a
 * thrown error), `send` is renderer → main one way, `push` is main → renderer.
 */
export interface IpcChannels {
  'engine:call': { direction: 'invoke'; request: EngineCall; response: ApiResult<unknown> };
  'engine:subscribe': { direction: 'send'; message: EventSubscription };
  'engine:unsubscribe': { direction: 'send'; message: EventSubscription };
  'engine:event': { direction: 'push'; message: EngineEvent };
}

export type IpcChannel = keyof IpcChannels;
type Direction = IpcChannels[IpcChannel]['direction'];
type ChannelsOf<D extends Direction> = {
  [C in IpcChannel]: IpcChannels[C]['direction'] extends D ? C : never;
}[IpcChannel];

export type InvokeChannel = ChannelsOf<'invoke'>;
export type SendChannel = ChannelsOf<'send'>;
export type PushChannel = ChannelsOf<'push'>;
export type InvokeRequest<C extends InvokeChannel> = IpcChannels[C]['request'];
export type InvokeResponse<C extends InvokeChannel> = IpcChannels[C]['response'];
export type ChannelMessage<C extends SendChannel | PushChannel> = IpcChannels[C]['message'];

/** The map at run time: a channel missing here, or one too many, fails to compile. */
export const IPC_CHANNELS: { readonly [C in IpcChannel]: IpcChannels[C]['direction'] } = {
  'engine:call': 'invoke',
  'engine:subscribe': 'send',
  'engine:unsubscribe': 'send',
  'engine:event': 'push',
};

/** The channels main listens on (invoke and send). */
export const MAIN_CHANNELS = (Object.keys(IPC_CHANNELS) as IpcChannel[]).filter(
  (channel) => IPC_CHANNELS[channel] !== 'push',
) as (InvokeChannel | SendChannel)[];
