// Window security rules, each a small function with its reason (Electron security checklist):
// no navigation away from the app, no new windows, every permission request denied, and a
// strict Content-Security-Policy header on everything the app loads.
import { session, shell } from 'electron';
import type { WebContents } from 'electron';
import { isAllowedExternal } from './external-links';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** The renderer is a single-page app: any navigation is an attack or a bug. */
export function blockNavigation(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== appOrigin) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
}

/** No window.open; links to the project's docs (external-links.ts) open in the user's browser, nothing else does. */
export function denyNewWindows(contents: WebContents, externalPrefixes: readonly string[]): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url, externalPrefixes)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** A profiler needs no camera, microphone, notifications or geolocation. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Adds the CSP to every response, including the dev server's. */
export function enforceCsp(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}
