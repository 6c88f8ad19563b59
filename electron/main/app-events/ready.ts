/** `ready`: start the shell (tray, gateway, dashboard). */
import type { Shell } from '../shell.ts';
import { startShell } from '../startup.ts';

export function register(shell: Shell): void {
  shell.app
    .whenReady()
    .then(() => startShell(shell))
    .catch((error: unknown) => {
      shell.log.error(`switchboard: the desktop shell failed to start: ${String(error)}`);
      shell.app.quit();
    });
}
