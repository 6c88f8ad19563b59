import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import {
  hardenSession,
  isAllowedRequest,
  withContentSecurityPolicy,
} from '../../electron/main/windows/content-policy.ts';
import { externalUrl, guardNavigation } from '../../electron/main/windows/navigation-guard.ts';
import {
  CONTENT_SECURITY_POLICY,
  consentPopupOptions,
  dashboardWindowOptions,
} from '../../electron/main/windows/window-options.ts';
import {
  FakeWebContents,
  fakeSession,
  fakeShell,
  RENDERER_ROOT,
  typed,
} from '../helpers/desktop-fakes.ts';

describe('window security', () => {
  it('every window is isolated, sandboxed, without Node, with our preload', () => {
    for (const options of [dashboardWindowOptions('/p.cjs'), consentPopupOptions('/p.cjs')]) {
      expect(options.webPreferences).toMatchObject({
        preload: '/p.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        webviewTag: false,
      });
    }
  });

  it('the CSP allows our own files only: no inline or eval code, no network', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*/);
    expect(
      withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'X-Other': ['1'] }),
    ).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('the session adds the CSP to documents, refuses other files and every permission', () => {
    const session = fakeSession();
    const trusted = (url: string) => url.startsWith(RENDERER_ROOT);
    hardenSession(session, trusted);
    const answer = vi.fn();
    session.beforeRequest!({ url: 'file:///etc/passwd' }, answer);
    session.beforeRequest!({ url: `${RENDERER_ROOT}assets/index.js` }, answer);
    expect(answer.mock.calls).toEqual([[{ cancel: true }], [{ cancel: false }]]);
    const headers = vi.fn();
    session.headersReceived!({ resourceType: 'mainFrame', responseHeaders: {} }, headers);
    session.headersReceived!({ resourceType: 'script', responseHeaders: {} }, headers);
    expect(headers.mock.calls[0]![0]).toEqual({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    expect(headers.mock.calls[1]![0]).toEqual({});
    const permission = vi.fn();
    session.setPermissionRequestHandler.mock.calls[0]![0]({}, 'media', permission);
    expect(permission).toHaveBeenCalledWith(false);
    expect(isAllowedRequest('https://example.com/', trusted)).toBe(true); // the CSP refuses it
  });

  it('opens only http(s) links outside, and never navigates or opens windows itself', () => {
    expect(externalUrl('https://github.com/x')).toBe('https://github.com/x');
    expect(externalUrl('http://127.0.0.1:4777/')).toBe('http://127.0.0.1:4777/');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'x'])
      expect(externalUrl(url)).toBeUndefined();

    const contents = new FakeWebContents();
    const openExternal = vi.fn(async () => {});
    guardNavigation(typed.contents<WebContents>(contents), openExternal);
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const navigation = { url: 'javascript:void 0', preventDefault: vi.fn() };
    contents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openExternal.mock.calls).toEqual([['https://example.com/']]);
  });
});

describe('the app’s windows', () => {
  it('keeps one dashboard, trusts each window it opens, and loads the consent view in the popup', () => {
    const { shell, windows, trust } = fakeShell();
    const dashboard = shell.windows.showDashboard();
    expect(shell.windows.showDashboard()).toBe(dashboard);
    const popup = shell.windows.showConsentPopup();
    expect(shell.windows.showConsentPopup()).toBe(popup);
    expect(windows).toHaveLength(2);
    expect(windows[1]!.loaded[0]!.query).toEqual({ view: 'consent' });
    const page = `${RENDERER_ROOT}index.html`;
    for (const window of windows)
      expect(trust.check({ sender: window.webContents, senderFrame: { url: page } } as never)).toBe(
        true,
      );
    expect(shell.windows.popupOpen).toBe(true);
    shell.windows.closeConsentPopup();
    expect(shell.windows.popupOpen).toBe(false);
    expect(
      trust.check({ sender: windows[1]!.webContents, senderFrame: { url: page } } as never),
    ).toBe(false);
    windows[0]!.close();
    expect(shell.windows.showDashboard()).not.toBe(dashboard);
  });
});
