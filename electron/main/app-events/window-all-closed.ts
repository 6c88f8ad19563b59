/** `window-all-closed`: the gateway keeps serving from the tray; only Quit ends the app. */
import type { Shell } from '../shell.ts';

export function register(shell: Shell): void {
  // Listening at all replaces Electron's default, which is to quit.
  shell.app.on('window-all-closed', () => {});
}
