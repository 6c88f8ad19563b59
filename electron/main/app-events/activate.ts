/** `activate` (macOS: a click on the Dock icon): show the dashboard. */
import type { Shell } from '../shell.ts';

export function register(shell: Shell): void {
  shell.app.on('activate', () => void shell.openDashboard());
}
