/** Every app lifecycle event the shell handles; one file per event, each with `register(shell)`. */
import type { Shell } from '../shell.ts';
import * as activate from './activate.ts';
import * as beforeQuit from './before-quit.ts';
import * as processSignals from './process-signals.ts';
import * as ready from './ready.ts';
import * as secondInstance from './second-instance.ts';
import * as webContentsCreated from './web-contents-created.ts';
import * as windowAllClosed from './window-all-closed.ts';

export const APP_EVENTS = {
  webContentsCreated,
  beforeQuit,
  windowAllClosed,
  secondInstance,
  activate,
  processSignals,
  ready,
} as const;

export function registerAllEvents(shell: Shell): void {
  for (const event of Object.values(APP_EVENTS)) event.register(shell);
}
