/** Sends `list_changed` to sessions, debounced per session and list, so a burst of changes is one notification. */
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { GatewaySession } from './routing/gateway-session.ts';
import type { ListKind } from './upstream/list-cache.ts';

const METHOD: Record<ListKind, string> = {
  tools: 'notifications/tools/list_changed',
  prompts: 'notifications/prompts/list_changed',
  resources: 'notifications/resources/list_changed',
  resourceTemplates: 'notifications/resources/list_changed',
};

export class SessionNotifier {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  readonly debounceMs: number;

  constructor(debounceMs: number) {
    this.debounceMs = debounceMs;
  }

  listChanged(session: GatewaySession, kinds: ListKind[]): void {
    for (const method of new Set(kinds.map((kind) => METHOD[kind]))) {
      const key = `${session.sessionId} ${method}`;
      if (this.#timers.has(key)) continue;
      this.#timers.set(
        key,
        setTimeout(() => {
          this.#timers.delete(key);
          // A session whose capabilities lack this list is simply not told.
          session.server.notification({ method } as ServerNotification).catch(() => {});
        }, this.debounceMs),
      );
    }
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
