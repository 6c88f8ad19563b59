/**
 * Session-wide rules for our pages: the CSP header on every document, file:// reads limited to
 * the dashboard's own directory, and no browser permission granted to anything. The dashboard's
 * index.html carries the same policy in a meta tag (the documented way for file:// pages).
 */
import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from './window-options.ts';

export type PolicySession = Pick<
  Session,
  'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;

/** Response headers with our CSP in place of any the response brought. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(
    ([name]) => name.toLowerCase() !== 'content-security-policy',
  );
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}

/** A page may read its own files, nothing else on disk. */
export function isAllowedRequest(url: string, isTrustedUrl: (url: string) => boolean): boolean {
  return !url.startsWith('file:') || isTrustedUrl(url);
}

export function hardenSession(
  session: PolicySession,
  isTrustedUrl: (url: string) => boolean,
): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, isTrustedUrl) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    const document = details.resourceType === 'mainFrame' || details.resourceType === 'subFrame';
    callback(
      document ? { responseHeaders: withContentSecurityPolicy(details.responseHeaders) } : {},
    );
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
