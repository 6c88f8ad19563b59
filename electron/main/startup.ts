/**
 * What happens once Electron is ready: lock the session down, put up the tray, start the
 * gateway, follow its consent requests, then open the dashboard (unless started hidden).
 */
import type { Shell } from './shell.ts';
import { hardenSession } from './windows/content-policy.ts';

export async function startShell(shell: Shell): Promise<void> {
  const { host, tray, popup, trust } = shell;
  hardenSession(shell.session, (url) => trust.isTrustedUrl(url));
  tray.create();
  host.onChange(() => tray.refresh());
  await host.start();
  // The main process follows the broker itself: its watching must not count as an attached UI.
  if (host.consent) popup.start(host.consent);
  if (!shell.startHidden) await shell.openDashboard();
}
