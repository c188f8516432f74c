// The loader (src/core/cost/load-profiles.ts): built-ins plus a user directory; bad or clashing
// files are reported with file and field, never silently skipped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfilesDir, findProfile, loadProfiles } from '../../../src/core/cost/load-profiles';
import { useTempDir } from '../../helpers/temp-dir';
import { params, testProfileJson } from './fixtures';

const tempPath = useTempDir();
const BUILTIN = ['p4-2007', 'piii-733-vmware-2001', 'k8-xen', 'nehalem-2011', 'kvm-2012', 'kvm-nested-2019', 'skylake-sp-2020', 'eibrs-2022'];

function userDir(files: Record<string, unknown>): string {
  const dir = tempPath();
  mkdirSync(join(dir, 'sets'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

describe('loadProfiles', () => {
  it('loads the built-in profiles and sets', () => {
    const l = loadProfiles({ dir: null });
    expect(l.profiles.map((p) => p.id)).toEqual(BUILTIN);
    expect(l.sets.map((s) => s.id)).toEqual(['micro-386', 'kvm-emulator-lump', 'kvm-2012-borrowed', 'kvm-2012-userspace']);
    expect(l.problems).toEqual([]);
    expect(l.profiles.every((p) => p.origin === 'built-in')).toBe(true);
  });

  it('adds valid user profiles and user sets', () => {
    const mine = testProfileJson();
    mine.id = 'my-cpu';
    mine.inherits = ['my-set'];
    delete params(mine)['fetch.byte'];
    const set = { id: 'my-set', title: 't', description: 'd', parameters: { 'fetch.byte': { value: 3, unit: 'cycles', kind: 'assumed', role: 'check', source: { citation: 'me', note: 'n' } } } };
    const dir = userDir({ 'mine.json': mine, 'sets/my-set.json': set });
    const l = loadProfiles({ dir });
    expect(l.problems).toEqual([]);
    expect(l.userDir).toBe(dir);
    const p = findProfile(l, 'my-cpu');
    expect(p.origin).toBe(join(dir, 'mine.json'));
    expect(p.params.get('fetch.byte')).toMatchObject({ value: 3, inheritedFrom: 'my-set' });
  });

  it('reports bad JSON, invalid fields and id clashes with the file, and still loads the rest', () => {
    const clash = testProfileJson();
    clash.id = 'kvm-2012';
    const bad = testProfileJson();
    bad.id = 'bad';
    params(bad)['entry.trap']!.kind = 'guessed';
    const a = testProfileJson();
    a.id = 'twice';
    const dir = userDir({ 'a.json': a, 'b.json': a, 'broken.json': '{ "id": ', 'clash.json': clash, 'invalid.json': bad, 'notes.txt': 'ignored' });
    const l = loadProfiles({ dir });
    expect(l.profiles.map((p) => p.id)).toEqual([...BUILTIN, 'twice']);
    expect(l.problems).toEqual([
      { file: join(dir, 'b.json'), message: `id: profile "twice" is already defined by ${join(dir, 'a.json')}` },
      { file: join(dir, 'broken.json'), message: expect.stringMatching(/^not valid JSON \(/) },
      { file: join(dir, 'clash.json'), message: 'id: profile "kvm-2012" is already defined by built-in' },
      { file: join(dir, 'invalid.json'), message: 'parameters.entry.trap.kind: expected one of measured, manual, derived, assumed, got string' },
    ]);
  });

  it('reports a user set that clashes with a built-in set', () => {
    const set = { id: 'micro-386', title: 't', description: 'd', parameters: {} };
    const dir = userDir({ 'sets/micro.json': set });
    expect(loadProfiles({ dir }).problems).toEqual([{ file: join(dir, 'sets', 'micro.json'), message: 'id: parameter set "micro-386" is already defined by built-in' }]);
  });

  it('errs on a given directory that does not exist, not on a missing default', () => {
    expect(() => loadProfiles({ dir: join(tempPath(), 'nope') })).toThrow(/profile directory .*nope does not exist/);
    const env = { EXITSCOPE_LIBRARY: join(tempPath(), 'lib', 'library.exitscope') };
    expect(defaultProfilesDir(env)).toBe(join(dirname(env.EXITSCOPE_LIBRARY), 'profiles'));
    const l = loadProfiles({ env });
    expect(l.userDir).toBeNull();
    expect(l.profiles).toHaveLength(BUILTIN.length);
  });

  it('reads the default directory next to the library file', () => {
    const lib = tempPath();
    const mine = testProfileJson();
    mine.id = 'next-to-library';
    mkdirSync(join(lib, 'profiles'), { recursive: true });
    writeFileSync(join(lib, 'profiles', 'x.json'), JSON.stringify(mine));
    const l = loadProfiles({ env: { EXITSCOPE_LIBRARY: join(lib, 'library.exitscope') } });
    expect(l.profiles.map((p) => p.id)).toContain('next-to-library');
  });

  it('names the known ids when a profile is not found', () => {
    expect(() => findProfile(loadProfiles({ dir: null }), 'p5')).toThrow(/no profile with id "p5" \(known: p4-2007, /);
  });
});
