// Which links may leave the app for the user's browser (shell.openExternal): only https
// addresses under the project's documentation — the `homepage` and `repository` of its
// package.json — and nothing at all when neither is set. Anything else is refused, so a page that
// was tricked into window.open cannot launch arbitrary URLs or schemes. Pure: tested as is.

/** The https URL prefixes of the project's docs, from its package.json fields. */
export function docsPrefixes(pkg: { homepage?: unknown; repository?: unknown }): string[] {
  const out: string[] = [];
  const add = (raw: unknown): void => {
    if (typeof raw !== 'string') return;
    const url = raw.replace(/^git\+/, '').replace(/\.git$/, '');
    try {
      const u = new URL(url);
      if (u.protocol === 'https:' && !u.username && !u.password) out.push(`${u.origin}${u.pathname.replace(/\/?$/, '/')}`);
    } catch {
      // not a URL: nothing allowed from it
    }
  };
  add(pkg.homepage);
  add(typeof pkg.repository === 'object' && pkg.repository !== null ? (pkg.repository as { url?: unknown }).url : pkg.repository);
  return out;
}

export function isAllowedExternal(url: string, prefixes: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  const normalized = `${u.origin}${u.pathname}`;
  return prefixes.some((p) => normalized === p.slice(0, -1) || normalized.startsWith(p));
}
