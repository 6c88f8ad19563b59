/**
 * No page of ours navigates or opens windows: links to the web open in the browser (http and
 * https only), everything else is refused. Installed on every web contents the app creates.
 */
import type { WebContents } from 'electron';

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** The URL to hand to the browser, or undefined when it is not a web page. */
export function externalUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function guardNavigation(
  contents: GuardedContents,
  openExternal: (url: string) => Promise<void>,
): void {
  const openOutside = (url: string) => {
    const external = externalUrl(url);
    if (external) void openExternal(external).catch(() => {});
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
