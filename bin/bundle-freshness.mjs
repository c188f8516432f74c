// Whether the compiled CLI in <root>/dist/cli may run: its build-info.json (scripts/build-cli.mjs)
// lists every source it was built from and when the build started; the bundle is fresh while
// each of them exists and is no newer than that. One stat per source (plain path strings: a
// couple of milliseconds for the ~230 sources).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundle's entry URL when fresh, else null. `root` is the checkout's URL (ending in '/'). */
export function freshBundle(root) {
  const dir = fileURLToPath(root);
  let info;
  try {
    info = JSON.parse(readFileSync(`${dir}dist/cli/build-info.json`, 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(info.inputs) || typeof info.builtAt !== 'number') return null;
  for (const input of info.inputs) {
    const s = statSync(dir + input, { throwIfNoEntry: false });
    if (s === undefined || s.mtimeMs > info.builtAt) return null;
  }
  return new URL('dist/cli/exitscope.js', root);
}
