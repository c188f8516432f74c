// Which compiled better-sqlite3 addon to load. Node (tests, CLI, serve) uses the package's own
// build in node_modules/better-sqlite3/build; the Electron main process sets the path of an addon
// built for Electron's ABI (scripts/ensure-electron-sqlite.mjs puts it under .native/), so the
// two builds live side by side and running one never breaks the other.
let nativeBinding: string | undefined;

export function setSqliteNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

export function sqliteNativeBinding(): string | undefined {
  return nativeBinding;
}
