/** `web-contents-created`: every page the app creates is kept from navigating or opening windows. */
import type { Shell } from '../shell.ts';
import { guardNavigation } from '../windows/navigation-guard.ts';

export function register(shell: Shell): void {
  shell.app.on('web-contents-created', (_event, contents) =>
    guardNavigation(contents, shell.openExternal),
  );
}
