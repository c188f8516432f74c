// Environment overrides meant for development only, and ignored in a packaged app (where an
// attacker who can set the environment must not be able to load another renderer or native module):
//   ELECTRON_RENDERER_URL     electron-vite's dev server (must be http on loopback)
//   EXITSCOPE_SQLITE_BINDING  better-sqlite3 built for Electron's ABI by `npm start`
// Pure: tested without Electron.

export interface DevOverrides {
  rendererUrl: string | null;
  sqliteBinding: string | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function devOverrides(env: NodeJS.ProcessEnv, isPackaged: boolean): DevOverrides {
  if (isPackaged) return { rendererUrl: null, sqliteBinding: null };
  let rendererUrl: string | null = null;
  const raw = env.ELECTRON_RENDERER_URL;
  if (raw) {
    try {
      const u = new URL(raw);
      if (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) rendererUrl = u.href;
    } catch {
      rendererUrl = null;
    }
  }
  return { rendererUrl, sqliteBinding: env.EXITSCOPE_SQLITE_BINDING || null };
}
