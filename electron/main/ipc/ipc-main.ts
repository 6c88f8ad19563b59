/**
 * The typed main-process end of the channel map, and the only code that touches the raw
 * `ipcMain` (a lint rule bans importing it elsewhere). Every handler registered here runs the
 * sender check first; invoke handlers answer an ApiResult and never let an error cross.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiResult } from '../../../shared/contract.ts';
import type {
  ChannelMessage,
  InvokeChannel,
  InvokeResponse,
  PushChannel,
  SendChannel,
} from './ipc-channels.ts';
import type { SenderEvent } from './trusted-sender.ts';

export type RawIpcMain = Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeAllListeners'>;
export type PushTarget = Pick<WebContents, 'send' | 'isDestroyed'>;
export type IpcLog = Pick<Console, 'warn'>;

function failure(code: 'unauthorized' | 'internal', message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

export class TypedIpcMain {
  readonly #raw: RawIpcMain;
  readonly #isTrusted: (event: SenderEvent) => boolean;
  readonly #log: IpcLog;
  readonly #channels = new Set<InvokeChannel | SendChannel>();

  constructor(raw: RawIpcMain, isTrusted: (event: SenderEvent) => boolean, log: IpcLog = console) {
    this.#raw = raw;
    this.#isTrusted = isTrusted;
    this.#log = log;
  }

  /** Answers `invoke` on one channel. The request is unvalidated input: parse it. */
  handle<C extends InvokeChannel>(
    channel: C,
    handler: (event: IpcMainInvokeEvent, request: unknown) => Promise<InvokeResponse<C>>,
  ): void {
    this.#channels.add(channel);
    this.#raw.handle(channel, async (event, request: unknown) => {
      if (!this.#isTrusted(event)) {
        this.#log.warn(`switchboard: refused ${channel} from an untrusted sender`);
        return failure('unauthorized', 'this window may not use the engine');
      }
      try {
        return await handler(event, request);
      } catch (error) {
        return failure('internal', error instanceof Error ? error.message : String(error));
      }
    });
  }

  /** Listens to one-way messages on one channel. The message is unvalidated input: parse it. */
  on<C extends SendChannel>(
    channel: C,
    listener: (event: IpcMainEvent, message: unknown) => void,
  ): void {
    this.#channels.add(channel);
    this.#raw.on(channel, (event, message: unknown) => {
      if (!this.#isTrusted(event)) {
        this.#log.warn(`switchboard: ignored ${channel} from an untrusted sender`);
        return;
      }
      try {
        listener(event, message);
      } catch (error) {
        this.#log.warn(`switchboard: ${channel} failed: ${(error as Error).message}`);
      }
    });
  }

  /** Pushes one message to a window, unless it is already gone. */
  send<C extends PushChannel>(target: PushTarget, channel: C, message: ChannelMessage<C>): void {
    if (!target.isDestroyed()) target.send(channel, message);
  }

  /** The channels registered so far. */
  get channels(): ReadonlySet<InvokeChannel | SendChannel> {
    return this.#channels;
  }

  dispose(): void {
    for (const channel of this.#channels) {
      this.#raw.removeHandler(channel);
      this.#raw.removeAllListeners(channel);
    }
    this.#channels.clear();
  }
}

/** Wraps Electron's own ipcMain (loaded lazily, so tests never load Electron). */
export async function openIpcMain(
  isTrusted: (event: SenderEvent) => boolean,
  log?: IpcLog,
): Promise<TypedIpcMain> {
  const { ipcMain } = await import('electron');
  return new TypedIpcMain(ipcMain, isTrusted, log);
}
