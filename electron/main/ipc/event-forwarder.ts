/**
 * Contract events to the windows that asked for them: one engine subscription per window and
 * event, dropped when the window closes, crashes or loads another page. Subscribing to
 * `consent:requested` is what makes the engine count a UI as attached, so a window that stops
 * listening must never leave its subscription behind.
 */
import type { WebContents } from 'electron';
import type { EventName } from '../../../shared/contract.ts';
import type { HostService } from '../gateway-host.ts';
import type { EngineEvent } from './ipc-channels.ts';

/** The parts of a window's web contents the forwarder uses. */
export type ForwardTarget = Pick<WebContents, 'id' | 'isDestroyed' | 'once' | 'on' | 'send'>;
export type Push = (target: ForwardTarget, message: EngineEvent) => void;

export class EventForwarder {
  readonly #service: () => HostService | undefined;
  readonly #push: Push;
  /** webContents id → event → the engine unsubscribe. */
  readonly #subscriptions = new Map<number, Map<EventName, () => void>>();
  /** Web contents whose lifecycle events we listen to (once each). */
  readonly #watched = new Set<number>();

  constructor(service: () => HostService | undefined, push: Push) {
    this.#service = service;
    this.#push = push;
  }

  /** Starts forwarding one event to one window; a second subscribe for it changes nothing. */
  subscribe(target: ForwardTarget, event: EventName): boolean {
    const service = this.#service();
    if (!service || target.isDestroyed()) return false;
    let events = this.#subscriptions.get(target.id);
    if (events?.has(event)) return true;
    if (!events) {
      events = new Map();
      this.#subscriptions.set(target.id, events);
    }
    if (!this.#watched.has(target.id)) this.#watch(target);
    const unsubscribe = service.subscribe(event, (payload) => {
      if (!target.isDestroyed()) this.#push(target, { event, payload } as EngineEvent);
    });
    events.set(event, unsubscribe);
    return true;
  }

  unsubscribe(target: Pick<ForwardTarget, 'id'>, event: EventName): void {
    const events = this.#subscriptions.get(target.id);
    events?.get(event)?.();
    events?.delete(event);
  }

  /** Ends every subscription of one window. */
  drop(id: number): void {
    const events = this.#subscriptions.get(id);
    this.#subscriptions.delete(id);
    for (const unsubscribe of events?.values() ?? []) unsubscribe();
  }

  /** Ends every subscription (at shutdown). */
  dropAll(): void {
    for (const id of [...this.#subscriptions.keys()]) this.drop(id);
  }

  /** The events a window is subscribed to. */
  eventsOf(id: number): EventName[] {
    return [...(this.#subscriptions.get(id)?.keys() ?? [])];
  }

  #watch(target: ForwardTarget): void {
    const { id } = target;
    this.#watched.add(id);
    target.once('destroyed', () => {
      this.#watched.delete(id);
      this.drop(id);
    });
    target.on('render-process-gone', () => this.drop(id));
    // A reload or another page: the old page's listeners are gone, the new page subscribes anew.
    target.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) this.drop(id);
    });
  }
}
