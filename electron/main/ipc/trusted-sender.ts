/**
 * Who may talk to the engine over IPC: a window this app created, whose sending frame shows our
 * own pages — the dashboard files on disk (file://…/renderer/dist/) or the gateway's origin.
 * Anything else (a navigated-away frame, an injected iframe, a foreign window) is refused.
 */
import type { IpcMainEvent, WebContents } from 'electron';

export type SenderEvent = Pick<IpcMainEvent, 'sender' | 'senderFrame'>;
export type TrustedOrigins = {
  /** file:// URL of the directory holding the dashboard's files, ending in "/". */
  rendererRoot: string;
  /** The gateway's origin (http://127.0.0.1:port) once it listens. */
  gatewayOrigin: () => string | undefined;
};

/** Whether a frame URL is one of our pages. */
export function isTrustedUrl(url: string, origins: TrustedOrigins): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    const root = new URL(origins.rendererRoot);
    // The URL parser has already resolved "." and ".." segments, so a prefix test is exact.
    return parsed.host === root.host && parsed.pathname.startsWith(root.pathname);
  }
  const gateway = origins.gatewayOrigin();
  return gateway !== undefined && (parsed.protocol === 'http:' || parsed.protocol === 'https:')
    ? parsed.origin === gateway
    : false;
}

export class TrustedSenders {
  readonly #origins: TrustedOrigins;
  readonly #contents = new Set<number>();

  constructor(origins: TrustedOrigins) {
    this.#origins = origins;
  }

  /** A window we created: its web contents may send, until destroyed. */
  add(contents: Pick<WebContents, 'id' | 'once'>): void {
    const { id } = contents;
    this.#contents.add(id);
    contents.once('destroyed', () => this.#contents.delete(id));
  }

  isTrustedUrl(url: string): boolean {
    return isTrustedUrl(url, this.#origins);
  }

  /** The check every IPC handler runs before anything else. */
  readonly check = (event: SenderEvent): boolean => {
    if (!this.#contents.has(event.sender.id)) return false;
    try {
      const frame = event.senderFrame;
      return frame !== null && isTrustedUrl(frame.url, this.#origins);
    } catch {
      return false; // the frame was disposed while the message was in flight
    }
  };
}
