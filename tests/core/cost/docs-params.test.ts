// docs/cost-model.md names profile parameters in backticks (`entry.vmx`, `emulate.element`, ...):
// every such name must be a parameter the model knows, so the docs cannot describe parameters
// the code no longer has. `entry.P` names the path P's; brace lists (`fetch.{byte,walkLevel,tlbHit}`) are expanded.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXED_PARAMS } from '../../../src/core/cost/index';

const DOC = readFileSync(fileURLToPath(new URL('../../../docs/cost-model.md', import.meta.url)), 'utf8');
const PREFIXES = ['entry', 'dispatch', 'resume', 'fetch', 'decode', 'permission', 'userspace', 'emulate', 'batch', 'ring', 'guest'];

function namedParams(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/`([a-z]+)\.(\{[A-Za-z,]+\}|[A-Za-z<>]+)`/g)) {
    const [, head, tail] = m;
    if (!PREFIXES.includes(head!)) continue;
    // `entry.P` stands for the exit path P (trap, vmx, svm, hypercall)
    const tails = tail!.startsWith('{') ? tail!.slice(1, -1).split(',') : tail === 'P' ? ['trap', 'vmx', 'svm', 'hypercall'] : [tail!];
    for (const t of tails) names.push(`${head}.${t}`);
  }
  return names;
}

describe('docs/cost-model.md parameter names', () => {
  it('names only parameters the cost model defines', () => {
    const names = namedParams(DOC);
    expect(names.length).toBeGreaterThan(20);
    const known = new Set<string>(FIXED_PARAMS);
    const unknown = names.filter((n) => !known.has(n) && !/^emulate\.device(\.<class>|\.[a-z0-9-]+)?$/.test(n) && n !== 'emulate.device');
    expect(unknown).toEqual([]);
  });
});
