/**
 * How every Switchboard window is made: isolated, sandboxed, no Node, our preload only, and the
 * one Content-Security-Policy our pages run under (the dashboard needs nothing beyond its own
 * files: it reaches the engine over IPC, never over the network).
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function dashboardWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    title: 'Switchboard',
    width: 1180,
    height: 780,
    minWidth: 720,
    minHeight: 480,
    show: false,
    webPreferences: secureWebPreferences(preload),
  };
}

/** Small, always on top: a tool is waiting for a yes or a no. */
export function consentPopupOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    title: 'Switchboard: permission request',
    width: 460,
    height: 580,
    show: false,
    alwaysOnTop: true,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    webPreferences: secureWebPreferences(preload),
  };
}
