/** `before-quit`: hold the quit until the gateway and every child server have stopped. */
import type { Shell } from '../shell.ts';

export function register(shell: Shell): void {
  shell.app.on('before-quit', (event) => shell.shutdown.onBeforeQuit(event));
}
