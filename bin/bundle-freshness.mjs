// Whether the compiled CLI in <root>/dist/cli may run: its build-info.json (scripts/build-cli.mjs)
// lists every source it was built from and when the build started; the bundle is fresh while
// each of them exists and is no newer than that. One stat per source: a few milliseconds.
import { readFileSync, statSync } from 'node:fs';

/** The bundle's entry URL when fresh, else null. `root` is the checkout's URL (ending in '/'). */
export function freshBundle(root) {
  let info;
  try {
    info = JSON.parse(readFileSync(new URL('dist/cli/build-info.json', root), 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(info.inputs) || typeof info.builtAt !== 'number') return null;
  for (const input of info.inputs) {
    try {
      if (statSync(new URL(input, root)).mtimeMs > info.builtAt) return null;
    } catch {
      return null;
    }
  }
  return new URL('dist/cli/exitscope.js', root);
}
