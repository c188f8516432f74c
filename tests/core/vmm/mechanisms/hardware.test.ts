// vmx and svm: the kvm-unit-tests exit microbenchmarks run as guest code under the vmx model
// with the kvm-2012 profile measure, with the guest's own RDTSC, the figures the profile
// publishes (the exit costs are charged to the guest clock); exits carry the exit qualification /
// EXITINFO1+2; string forms are decoded and visit a userspace device once per 1024 bytes.
import { describe, expect, it } from 'vitest';
import { priceExit, factsUnder } from '../../../../src/core/cost/index';
import { at, profile, run } from './run-helper';

const N = 40;

describe('vmx under kvm-2012: the vmexit.flat microbenchmarks', () => {
  const kvm = profile('kvm-2012');
  const published = (id: string): number => kvm.checks.find((c) => c.id === id)!.published.value;

  it.each([
    ['vmcall', 'vmcall', null],
    ['outl_to_kernel', 'outl_to_kernel', 0x4d0],
    ['inl_from_kernel', 'inl_from_kernel', 0x4d0],
    ['inl_from_qemu', 'inl_from_qemu', 0x1234],
    ['inl_from_pmtimer', 'inl_from_pmtimer', 0xb008],
  ] as const)('%s: cycles per iteration within 5 percent of the published figure, one exit per iteration', async (workload, check, port) => {
    const { report, exits } = await run(workload, 'vmx', 'kvm-2012', { iterations: N });
    expect(report.stop.kind, report.stop.message).toBe('done');
    expect(report.results.status).toBe('done');
    const cpi = report.results.derived.cyclesPerIteration!;
    expect(Math.abs(cpi - published(check)) / published(check)).toBeLessThan(0.05);
    if (port === null) {
      expect(exits).toHaveLength(N);
      expect(exits.every((e) => e.reason === 'HYPERCALL' && e.reasonNative === 'VMCALL' && e.reasonCode === 18 && e.mechanism === 'hypercall')).toBe(true);
      expect(exits[0]!.formId).toBeNull();
    } else {
      expect(at(exits, port)).toHaveLength(N);
      expect(exits).toHaveLength(N);
      expect(report.byPort).toEqual([expect.objectContaining({ port, exits: N })]);
    }
  });

  it('outl_to_kernel: the exit qualification, no decode, priced as factsUnder(vmx) prices it', async () => {
    const { exits } = await run('outl_to_kernel', 'vmx', 'kvm-2012', { iterations: 3 });
    const e = exits[0]!;
    expect(e).toMatchObject({
      reason: 'IO_INSTRUCTION', reasonNative: 'IO_INSTRUCTION', isa: 'vmx', reasonCode: 30, mechanism: 'vmx',
      formId: 9, mnemonic: 'out dx, al', port: 0x4d0, portSource: 'dx', size: 1, direction: 'out', value: 0,
      device: 'pic', deviceLocation: 'kernel', info1: '0x4d00000', info2: null, emulated: false, insnBytes: null,
      stepBytes: null, costFetch: 0, costDecode: 0, costPermission: 0,
    });
    const priced = priceExit(factsUnder('vmx', [{ formId: 9, count: 1, deviceClass: 'elcr' }], 'kernel'), profile('kvm-2012'));
    expect(e.costTotal).toBe(priced.total);
    expect(e.costEntry).toBe(priced.components.entry.cycles);
    expect(e.costEmulate).toBe(priced.components.emulate.cycles);
    expect(e.latencyNs).toBeCloseTo(priced.total, 6); // 1 GHz default: 1 cycle = 1 ns
  });

  it('inl_from_qemu: an unassigned port is a userspace device; kvm-2012 decodes the non-string IN', async () => {
    const { report, exits } = await run('inl_from_qemu', 'vmx', 'kvm-2012', { iterations: 2 });
    expect(report.decodeNonStringIn).toBe(true);
    const e = exits[0]!;
    expect(e).toMatchObject({ device: 'unassigned', deviceLocation: 'userspace', formId: 5, value: 0xffffffff, emulated: true, stepBytes: 1 });
    expect(e.costUserspace).toBe(kvm.params.get('userspace.roundTrip')!.value);
    expect(e.costDecode).toBeGreaterThan(0);
  });

  it('kvm-nested-2019 models the fast IN path: no decode', async () => {
    const { report, exits } = await run('inl_from_kernel', 'vmx', 'kvm-nested-2019', { iterations: 2 });
    expect(report.decodeNonStringIn).toBe(false);
    expect(exits[0]!.costDecode).toBe(0);
  });
});

describe('svm', () => {
  it('records EXITINFO1 and EXITINFO2 = next RIP', async () => {
    const { exits } = await run('outl_to_kernel', 'svm', 'k8-xen', { iterations: 5 });
    expect(at(exits, 0x4d0)).toHaveLength(5);
    const e = exits[0]!;
    // IN 0, string 0, rep 0, SZ8 (bit 4), A32 (bit 8), port 0x4d0 in bits 31:16
    expect(e).toMatchObject({ reason: 'IO_INSTRUCTION', reasonNative: 'io', isa: 'svm', reasonCode: 0x7b, mechanism: 'svm', info1: '0x4d00110' });
    expect(e.info2).toBe(`0x${(e.rip! + 1).toString(16)}`);
  });
});

describe('string forms under hardware exits', () => {
  it('io_forms: all 24 forms exit under vmx and svm with the string fields encoded', async () => {
    const vmx = await run('io_forms', 'vmx', 'kvm-2012', { iterations: 1 });
    const svm = await run('io_forms', 'svm', 'k8-xen', { iterations: 1 });
    // k8-xen moves a string instruction in one exit (page-chunks); kvm-2012's emulator takes one
    // exit per element of a REP OUTS to the (userspace) debug console, and one per read-ahead
    // chunk of a REP INS (one here: the buffers are small and do not cross a page)
    expect(svm.exits).toHaveLength(35);
    const repOuts = svm.exits.filter((e) => e.isRep && e.direction === 'out');
    expect(vmx.exits).toHaveLength(35 - repOuts.length + repOuts.reduce((s, e) => s + e.count!, 0));
    for (const r of [vmx, svm]) {
      expect(new Set(r.exits.map((e) => e.formId)).size).toBe(24);
      expect(r.exits.filter((e) => e.isString).every((e) => e.emulated && e.stepBytes! >= 1)).toBe(true);
      expect(r.exits.filter((e) => !e.isString).every((e) => e.stepBytes === null || e.direction === 'in')).toBe(true);
    }
    // `64 66 6F` = fs outsw: vmx qualification size 2 (1), string (bit 4), port 0xe9; svm adds
    // SZ16 (bit 5), A32 (bit 8) and the segment FS = 4 in bits 12:10
    const fsOutsw = (exits: typeof vmx.exits) => exits.find((e) => e.insnBytes && Array.from(e.insnBytes).join() === '100,102,111')!;
    expect(fsOutsw(vmx.exits)).toMatchObject({ segment: 'fs', info1: '0xe90011' });
    expect(fsOutsw(svm.exits)).toMatchObject({ segment: 'fs', info1: `0x${((0xe9 << 16) | (4 << 10) | (2 << 7) | (2 << 4) | 4).toString(16)}` });
  });

  it('ne2000_tx under k8-xen (page-chunks): each 1514-byte rep outsw is one decoded exit with two userspace round trips (1024-byte chunks)', async () => {
    const frames = 2;
    const { exits } = await run('ne2000_tx', 'svm', 'k8-xen', { iterations: frames });
    const outs = exits.filter((e) => e.mnemonic === 'rep outsw');
    expect(outs).toHaveLength(frames);
    const xen = profile('k8-xen');
    for (const e of outs) {
      expect(e).toMatchObject({ port: 0x310, count: 757, isString: true, isRep: true, addrSize: 32, segment: 'ds', emulated: true, deviceLocation: 'userspace' });
      expect(Array.from(e.insnBytes!)).toEqual([0xf3, 0x66, 0x6f]);
      expect(e.stepBytes).toBe(3);
      expect(e.stepPrefixes).toBe(2);
      expect(e.costUserspace).toBe(2 * xen.params.get('userspace.roundTrip')!.value);
      expect(e.bufferAddr).not.toBeNull();
    }
  });

  it('ata_read: one rep insw of 256 words per sector, one round trip each', async () => {
    const { exits } = await run('ata_read', 'svm', 'k8-xen', { iterations: 1, sectors: 2 });
    const ins = exits.filter((e) => e.mnemonic === 'rep insw');
    expect(ins).toHaveLength(2);
    for (const e of ins) expect(e).toMatchObject({ port: 0x1f0, count: 256, segment: 'es', direction: 'in' });
    expect(ins[0]!.costUserspace).toBe(profile('k8-xen').params.get('userspace.roundTrip')!.value);
  });
});
