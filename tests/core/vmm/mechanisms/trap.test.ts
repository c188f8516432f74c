// trap: the deprivileged driver's every port access raises #GP; the VMM decodes it (steps
// counted and priced), emulates it and charges the exit to the guest clock. Decode faults are
// reflected into the guest, never swallowed.
import { describe, expect, it } from 'vitest';
import { I386_CYCLES } from '../../../../src/core/cpu/index';
import { Machine } from '../../../../src/core/machine/machine';
import { pcPlatformConfig } from '../../../../src/core/machine/platform-config';
import { runWorkload } from '../../../../src/core/machine/run-workload';
import { prepareWorkload } from '../../../../src/core/workloads/prepare';
import { at, profile, run } from './run-helper';

const N = 12;

describe('trap', () => {
  it('outl_to_kernel: N #GP exits at 0x4d0, decoded, with the #GP error code, emulated', async () => {
    const { report, exits } = await run('outl_to_kernel', 'trap', 'p4-2007', { iterations: N });
    expect(report.stop.kind).toBe('done');
    expect(report.results.status).toBe('done');
    expect(report.params).toMatchObject({ cpl: 3, iopl: 0, ioBitmap: 'deny' });
    expect(at(exits, 0x4d0)).toHaveLength(N);
    expect(exits).toHaveLength(N);
    expect(report.byForm).toEqual([{ formId: 9, mnemonic: 'out dx, al', exits: N, ops: N, elements: N }]);
    for (const e of exits) {
      expect(e).toMatchObject({
        reason: 'IO_INSTRUCTION', reasonNative: '#GP', isa: null, mechanism: 'trap', cpl: 3, errorCode: 0, info1: '0x0',
        emulated: true, device: 'pic', deviceLocation: 'kernel', value: 0, stepBytes: 1, stepPrefixes: 0, stepBranches: 4, stepTableLookups: 2,
      });
      expect(Array.from(e.insnBytes!)).toEqual([0xee]);
      expect(e.costEntry).toBe(profile('p4-2007').params.get('entry.trap')!.value);
      expect(e.costPermission).toBe(profile('p4-2007').params.get('permission.check')!.value);
      expect(e.costFetch! + e.costDecode!).toBeGreaterThan(0);
    }
    // the first exit walks the guest page tables for the code page; later ones hit the VMM's cache
    expect(exits[0]!.stepPageWalks).toBe(1);
    expect(exits[0]!.stepWalkLevels).toBe(3);
    expect(exits[N - 1]).toMatchObject({ stepPageWalks: 0, stepTlbHits: 1 });
  });

  it("the guest's own RDTSC figure rises by the exit cost", async () => {
    const base = await runWorkload({ workload: 'outl_to_kernel', build: 'native', params: { iterations: N } });
    const { report, exits } = await run('outl_to_kernel', 'trap', 'p4-2007', { iterations: N });
    const exitCost = exits[N - 1]!.costTotal!;
    const native = base.results.derived.cyclesPerIteration!;
    const trapped = report.results.derived.cyclesPerIteration!;
    // beyond the priced exit, the trapped loop pays only the CPU's own I/O bitmap check (i386
    // clock table) that raised the #GP; the fault's delivery and return are all in exitCost
    const cpuOwn = I386_CYCLES.ioBitmapCheck;
    expect(trapped - native - exitCost).toBeGreaterThanOrEqual(0);
    expect(trapped - native - exitCost).toBeLessThanOrEqual(cpuOwn);
  });

  it('records the same RIP as the vmx model for the same instruction', async () => {
    const trap = await run('outl_to_kernel', 'trap', 'p4-2007', { iterations: 1 });
    const vmx = await run('outl_to_kernel', 'vmx', 'kvm-2012', { iterations: 1 });
    expect(trap.exits[0]!.rip).toBe(vmx.exits[0]!.rip);
    expect(trap.exits[0]!.cpl).toBe(3);
    expect(vmx.exits[0]!.cpl).toBe(0);
  });

  it('io_forms: every one of the 24 forms traps and is decoded', async () => {
    const { report, exits } = await run('io_forms', 'trap', 'p4-2007', { iterations: 1 });
    expect(report.results.status).toBe('done');
    expect(exits).toHaveLength(35);
    expect(new Set(exits.map((e) => e.formId)).size).toBe(24);
    expect(exits.every((e) => e.emulated && e.stepBytes! >= 1)).toBe(true);
    const prefixed = exits.find((e) => e.insnBytes && Array.from(e.insnBytes).join() === [0x66, 0x67, 0xf3, 0x26, 0x6f].join())!;
    expect(prefixed).toMatchObject({ formId: 21, segment: 'es', addrSize: 16, stepPrefixes: 4 });
  });
});

/** Physical address of the PAE PTE mapping linear 0x400000 in the user workload's page tables. */
function userPagePte(): number {
  const p = prepareWorkload('user', 'native', { params: { cpl: 3, iopl: 0, ioBitmap: 'deny' }, user: Uint8Array.of(0xc3) });
  const m = new Machine({ platform: pcPlatformConfig(), image: p.image, user: p.user!.bytes });
  m.runToEnd({ maxInstructions: 1_000_000 });
  const mem = new DataView(m.ram.bytes.buffer);
  const pdpt = m.cpu.cr3 & ~0x1f;
  const pd = mem.getUint32(pdpt, true) & ~0xfff;
  const pt = mem.getUint32(pd + 2 * 8, true) & ~0xfff; // 0x400000 >> 21 = 2
  return pt;
}

describe('trap: faults are reflected into the guest', () => {
  it('a #GP that is not port I/O (CLI at CPL 3) reaches the guest unchanged', async () => {
    const { report, exits } = await run('user', 'trap', 'p4-2007', {}, { user: Uint8Array.of(0xfa, 0xc3) });
    expect(report.results.status).toBe('exception');
    expect(report.results.exception).toMatchObject({ vector: 13, errorCode: 0, eip: 0x400000 });
    expect(report.reflected).toEqual([{ reason: 'not-io', count: 1 }]);
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ reason: 'EXCEPTION_NMI', reasonNative: '#GP', formId: null, emulated: false, stepBytes: 1 });
  });

  it('an instruction longer than 15 bytes is reflected as #GP(0)', async () => {
    const payload = Uint8Array.from([...new Array<number>(15).fill(0x66), 0xec, 0xc3]);
    const { report } = await run('user', 'trap', 'p4-2007', {}, { user: payload });
    expect(report.results.exception).toMatchObject({ vector: 13, errorCode: 0, eip: 0x400000 });
    expect(report.reflected).toEqual([{ reason: 'too-long', count: 1 }]);
  });

  it('a fault of the emulated access itself (INS into a read-only page) is reflected, with no port access', async () => {
    // mov edi, 0x100000 (the image's read-only code page); mov edx, 0xe9; insb; ret
    const payload = Uint8Array.of(0xbf, 0, 0, 0x10, 0, 0xba, 0xe9, 0, 0, 0, 0x6c, 0xc3);
    const { report, exits } = await run('user', 'trap', 'p4-2007', {}, { user: payload });
    expect(report.results.exception).toMatchObject({ vector: 14, errorCode: 7, eip: 0x40000a, cr2: 0x100000 });
    expect(report.reflected).toEqual([{ reason: 'access-fault', count: 1 }]);
    expect(exits.at(-1)).toMatchObject({ reason: 'IO_INSTRUCTION', formId: 12, mnemonic: 'insb', port: 0xe9, bufferAddr: 0x100000, value: null });
  });

  it("a code page the guest unmapped behind its TLB's back: the VMM's fetch #PF is reflected with CR2", async () => {
    // mov dword [ebx], 0 (clear the PTE of the payload's own page); mov edx, 0xe9; in al, dx; ret
    const payload = Uint8Array.of(0xc7, 0x03, 0, 0, 0, 0, 0xba, 0xe9, 0, 0, 0, 0xec, 0xc3);
    const { report, exits } = await run('user', 'trap', 'p4-2007', { userArg: userPagePte() }, { user: payload });
    expect(report.results.status).toBe('exception');
    expect(report.results.exception).toMatchObject({ vector: 14, eip: 0x40000b, cr2: 0x40000b });
    // not present (P = 0), user, instruction fetch
    expect(report.results.exception!.errorCode & 0x15).toBe(0x14);
    expect(report.reflected).toEqual([{ reason: 'page-fault', count: 1 }]);
    expect(exits.at(-1)).toMatchObject({ reason: 'EXCEPTION_NMI', stepBytes: 0, stepPageWalks: 1 });
  });
});
