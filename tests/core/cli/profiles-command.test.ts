// `exitscope profiles` (src/core/cli/commands/profiles.ts), run in-process with captured output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profilesCommand } from '../../../src/core/cli/commands/profiles';
import type { ProfileDetail, ProfileSummary } from '../../../src/core/cost/profile-summary';
import { useTempDir } from '../../helpers/temp-dir';
import { params, testProfileJson } from '../cost/fixtures';

const tempPath = useTempDir();

async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t), isTty: false, signal: new AbortController().signal };
  const status = await profilesCommand.run(args, io);
  return { status, stdout, stderr };
}

function emptyDir(): string {
  const dir = tempPath();
  mkdirSync(dir);
  return dir;
}

describe('exitscope profiles', () => {
  it('lists every built-in profile with its CPU, clock, kinds of parameters and checks', async () => {
    const r = await run('--dir', emptyDir());
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/piii-733-vmware-2001\s+Intel Pentium III 733 MHz .*733 MHz\s+trap\s+0\s+0\s+3\s+17\s+2\/2 pass \(2 fit, 0 consistency, 0 prediction\)\s+built-in/);
    expect(r.stdout).toMatch(/nehalem-2011 .*2\.93 GHz\s+vmx,hypercall/);
    expect(r.stdout).toContain('kvm-2012: https://github.com/kvm-unit-tests/kvm-unit-tests/commit/00bfecaaa5a4d035507086635259a0dd7e4531be');
  });

  it('lists as JSON', async () => {
    const r = await run('--json', '--dir', emptyDir());
    const out = JSON.parse(r.stdout) as { profiles: ProfileSummary[]; problems: unknown[] };
    expect(out.profiles.map((p) => p.id)).toEqual(['p4-2007', 'piii-733-vmware-2001', 'k8-xen', 'nehalem-2011', 'kvm-2012', 'kvm-nested-2019', 'skylake-sp-2020', 'eibrs-2022']);
    expect(out.profiles.find((p) => p.id === 'kvm-2012')).toMatchObject({ clockMhz: null, kinds: { derived: 6 }, checks: { total: 7, passed: 7, fit: 5, consistency: 2, prediction: 0 } });
    expect(out.problems).toEqual([]);
  });

  it('shows one profile: every parameter with value, kind, source, and every check', async () => {
    const r = await run('show', 'kvm-2012', '--dir', emptyDir());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/userspace\.roundTrip\s+13,339\s+derived, fit to inl_from_qemu, inl_from_kernel/);
    expect(r.stdout).toContain('derivation: (inl_from_qemu 20574 − guest loop kvm-unit-tests/inl-dx 35)');
    expect(r.stdout).toMatch(/fetch\.byte\s+0\s+assumed, not fitted, from set kvm-emulator-lump/);
    expect(r.stdout).toMatch(/pass {2}outl_to_kernel \[fit: emulate\.access\]/);
    expect(r.stdout).toMatch(/published 13,000 cycles, computed 13,339 cycles \(\+2\.61%, expected ±5%\)/);
    const json = JSON.parse((await run('show', 'p4-2007', '--json', '--dir', emptyDir())).stdout) as ProfileDetail;
    expect(json.parameters.find((p) => p.id === 'entry.trap')).toMatchObject({ value: 2000, kind: 'measured', role: 'fit', fitTo: ['gp-2000'] });
    expect(json.checkResults.find((c) => c.id === 'hypercall-out-below-gp')).toMatchObject({ pass: true, basis: 'prediction', computed: 291 });
  });

  it('rejects an unknown id or verb', async () => {
    await expect(run('show', 'p5', '--dir', emptyDir())).rejects.toThrow(/no profile with id "p5"/);
    await expect(run('remove', '--dir', emptyDir())).rejects.toThrow(/unknown verb remove/);
    await expect(run('show')).rejects.toThrow(/expected one profile id/);
  });

  it('reports invalid and clashing user files with file and field, and exits 2', async () => {
    const dir = emptyDir();
    const bad = testProfileJson();
    params(bad)['decode.branch']!.unit = 'furlongs';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const clash = testProfileJson();
    clash.id = 'p4-2007';
    writeFileSync(join(dir, 'clash.json'), JSON.stringify(clash));
    const good = testProfileJson();
    writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
    const r = await run('--dir', dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/test-cpu\s+Test\s+1 GHz\s+trap,vmx,svm,hypercall/);
    expect(r.stdout).toContain(join(dir, 'good.json'));
    expect(r.stderr).toBe(
      `profile file ${join(dir, 'bad.json')}: parameters.decode.branch.unit: expected one of cycles, ns, us, ratio, got string\n` +
      `profile file ${join(dir, 'clash.json')}: id: profile "p4-2007" is already defined by built-in\n`,
    );
  });
});
