// The minimal user profile printed in docs/cost-model.md must load and pass its check, so the
// documentation cannot drift from the schema.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { findProfile, loadProfiles } from '../../../src/core/cost/load-profiles';
import { runChecks } from '../../../src/core/cost/profile-checks-run';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
const DOC = fileURLToPath(new URL('../../../docs/cost-model.md', import.meta.url));

it('loads the example profile of docs/cost-model.md', () => {
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf('```json', text.indexOf('A minimal profile'));
  const json = text.slice(start + '```json'.length, text.indexOf('```', start + 7));
  const dir = tempPath();
  mkdirSync(dir);
  writeFileSync(join(dir, 'my-laptop.json'), json);
  const loaded = loadProfiles({ dir });
  expect(loaded.problems).toEqual([]);
  const results = runChecks(findProfile(loaded, 'my-laptop'));
  expect(results.map((r) => [r.check.id, r.pass, r.basis])).toEqual([['outl', true, 'fit']]);
});
