/** `second-instance`: launching the app again shows the running one's dashboard. */
import type { Shell } from '../shell.ts';

export function register(shell: Shell): void {
  shell.app.on('second-instance', () => void shell.openDashboard());
}
