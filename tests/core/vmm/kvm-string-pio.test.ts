// KVM-faithful string PIO (src/core/vmm/kvm-string-pio.ts; arch/x86/kvm/emulate.c em_out,
// pio_in_emulated, x86_emulate_insn; x86.c emulator_pio_in_out, x86_emulate_instruction): the
// per-exit rule, then real guest runs under vmx with the kvm-2012 profile and the device in
// userspace. Every expected figure is derived here from the element counts and the profile's
// parameters, never pinned: OUTS to a userspace device is one exit, one decode and one
// KVM_EXIT_IO per element; INS one exit and one trip per read-ahead chunk; reads and writes of
// the same sector differ.
import { describe, expect, it } from 'vitest';
import type { ExitRecord } from '../../../src/core/trace/exit-record';
import { KVM_READ_AHEAD_BYTES, KVM_REP_RESTART, kvmStringExit } from '../../../src/core/vmm/kvm-string-pio';
import { assemblePayload, toolAvailable } from '../workloads/tools';
import { profile, run } from './mechanisms/run-helper';

const kvm = profile('kvm-2012');
const v = (id: string): number => kvm.params.get(id as never)!.value;

describe('one exit of a string PIO under KVM (kvmStringExit)', () => {
  it('OUTS to userspace: one element and one round trip per exit, whatever the count', () => {
    for (const count of [2, 757, 4096]) expect(kvmStringExit(false, count, 2, 0x1000, false, true)).toEqual({ elements: 1, userspaceTrips: 1 });
  });
  it('OUTS to an in-kernel device: the emulator loops until RCX is a multiple of 1024', () => {
    expect(kvmStringExit(false, 757, 2, 0x1000, false, false)).toEqual({ elements: 757, userspaceTrips: 0 });
    expect(kvmStringExit(false, 3000, 1, 0x1000, false, false)).toEqual({ elements: 3000 - 2 * KVM_REP_RESTART, userspaceTrips: 0 });
    expect(kvmStringExit(false, 2048, 1, 0x1000, false, false)).toEqual({ elements: KVM_REP_RESTART, userspaceTrips: 0 });
  });
  it('INS: one read-ahead chunk per exit, at most 1024 bytes and not past the page end', () => {
    expect(kvmStringExit(true, 256, 2, 0x40_1000, false, true)).toEqual({ elements: 256, userspaceTrips: 1 });
    expect(kvmStringExit(true, 1000, 2, 0x40_1000, false, true)).toEqual({ elements: KVM_READ_AHEAD_BYTES / 2, userspaceTrips: 1 });
    expect(kvmStringExit(true, 256, 2, 0x40_1f00, false, true)).toEqual({ elements: 0x100 / 2, userspaceTrips: 1 });
    // DF = 1: the bytes below RDI in its page; none left still moves one element
    expect(kvmStringExit(true, 4, 2, 0x40_1002, true, false)).toEqual({ elements: 1, userspaceTrips: 0 });
    expect(kvmStringExit(true, 4, 2, 0x40_1000, true, false)).toEqual({ elements: 1, userspaceTrips: 0 });
  });
  it('without REP (count 1): one element', () => {
    expect(kvmStringExit(true, 1, 4, 0, false, true)).toEqual({ elements: 1, userspaceTrips: 1 });
    expect(kvmStringExit(false, 1, 4, 0, false, false)).toEqual({ elements: 1, userspaceTrips: 0 });
  });
});

/** The cost KVM's path gives one string exit moving `elements` with `trips` userspace round
 * trips, from the profile's parameters and the decoder steps the record carries. */
function expectedCost(e: ExitRecord, elements: number, trips: number): number {
  const decode = v('decode.invoke') + v('decode.byte') * e.stepBytes! + v('decode.prefix') * e.stepPrefixes! + v('decode.branch') * e.stepBranches! + v('decode.tableLookup') * e.stepTableLookups!;
  const fetch = v('fetch.byte') * e.stepBytes! + v('fetch.walkLevel') * e.stepWalkLevels! + v('fetch.tlbHit') * e.stepTlbHits!;
  return v('entry.vmx') + v('dispatch.vmx') + fetch + decode + trips * v('userspace.roundTrip') + v('emulate.access') + elements * v('emulate.element') + v('resume.vmx');
}

describe.skipIf(!toolAvailable('nasm'))('kvm-2012 under vmx, device in userspace', () => {
  // The buffer-walk term is priced with fetch.walkLevel, 0 in this profile (kvm-emulator-lump)
  it('the profile prices buffer walks at 0 (its emulator lump), so costs below need no walk term', () => {
    expect(v('fetch.walkLevel')).toBe(0);
  });

  it('ata_write: a 256-word REP OUTSW per sector is 256 exits, each one element, one decode, one KVM_EXIT_IO', async () => {
    const sectors = 2;
    const { report, exits } = await run('ata_write', 'vmx', 'kvm-2012', { iterations: 1, sectors }, { deviceLocations: { ata: 'userspace' } });
    expect(report.results.status).toBe('done');
    const outs = exits.filter((e) => e.mnemonic === 'rep outsw');
    expect(outs).toHaveLength(sectors * 256);
    for (const e of outs) {
      expect(e).toMatchObject({ count: 1, deviceLocation: 'userspace', emulated: true });
      expect(e.costUserspace).toBe(v('userspace.roundTrip'));
      expect(e.costTotal).toBe(expectedCost(e, 1, 1));
    }
    // each exit moves the next word: the buffer address advances by 2 within a sector
    expect(outs[1]!.bufferAddr! - outs[0]!.bufferAddr!).toBe(2);
  });

  it('ata_read: the REP INSW of a sector is one exit per read-ahead chunk, one trip each', async () => {
    const sectors = 2;
    const { report, exits } = await run('ata_read', 'vmx', 'kvm-2012', { iterations: 1, sectors }, { deviceLocations: { ata: 'userspace' } });
    expect(report.results.status).toBe('done');
    const ins = exits.filter((e) => e.mnemonic === 'rep insw');
    // follow each sector's REP INSW through its chunks: the first exit's buffer and 256 words
    let i = 0;
    for (let s = 0; s < sectors; s++) {
      let left = 256;
      let addr = ins[i]!.bufferAddr!;
      while (left > 0) {
        const e = ins[i++]!;
        const chunk = Math.min(left, Math.max(1, Math.floor(Math.min(4096 - (addr & 4095), 1024) / 2)));
        expect(e).toMatchObject({ bufferAddr: addr, count: chunk, deviceLocation: 'userspace' });
        expect(e.costTotal).toBe(expectedCost(e, chunk, 1));
        left -= chunk;
        addr += chunk * 2;
      }
    }
    expect(i).toBe(ins.length);
  });

  it('reads and writes of the same sectors differ as KVM\'s do', async () => {
    const params = { iterations: 1, sectors: 1 };
    const w = (await run('ata_write', 'vmx', 'kvm-2012', params)).exits.filter((e) => e.mnemonic === 'rep outsw');
    const r = (await run('ata_read', 'vmx', 'kvm-2012', params)).exits.filter((e) => e.mnemonic === 'rep insw');
    const sum = (xs: ExitRecord[]): number => xs.reduce((s, e) => s + e.costTotal!, 0);
    // 256 single-element exits against ceil(512 / 1024)-or-page-split chunks
    expect(w).toHaveLength(256);
    expect(r.length).toBeLessThanOrEqual(2);
    expect(sum(w)).toBe(w.reduce((s, e) => s + expectedCost(e, 1, 1), 0));
    expect(sum(w) / sum(r)).toBeGreaterThan(100);
  });

  it('ne2000_tx: a 1514-byte frame\'s REP OUTSW is 757 exits and 757 KVM_EXIT_IO round trips to a userspace NE2000', async () => {
    const frames = 2;
    const { exits } = await run('ne2000_tx', 'vmx', 'kvm-2012', { iterations: frames }, { deviceLocations: { ne2000: 'userspace' } });
    const outs = exits.filter((e) => e.mnemonic === 'rep outsw');
    expect(outs).toHaveLength(frames * 757);
    for (const e of outs) {
      expect(e).toMatchObject({ port: 0x310, count: 1, deviceLocation: 'userspace' });
      expect(Array.from(e.insnBytes!)).toEqual([0xf3, 0x66, 0x6f]);
      expect(e.costTotal).toBe(expectedCost(e, 1, 1));
    }
    const perFrame = outs.slice(0, 757).reduce((s, e) => s + e.costTotal!, 0);
    expect(perFrame).toBe(757 * expectedCost(outs[0]!, 1, 1));
  });

  it('ne2000_tx with the NE2000 in the kernel: one exit per frame (757 < 1024 iterations), no userspace trip', async () => {
    const { exits } = await run('ne2000_tx', 'vmx', 'kvm-2012', { iterations: 2 }, { deviceLocations: { ne2000: 'kernel' } });
    const outs = exits.filter((e) => e.mnemonic === 'rep outsw');
    expect(outs).toHaveLength(2);
    for (const e of outs) {
      expect(e).toMatchObject({ count: 757, deviceLocation: 'kernel', costUserspace: 0 });
      expect(e.costTotal).toBe(expectedCost(e, 757, 0));
    }
  });

  it('the guest gets every element: an ata_read checksum equals the one-exit-per-instruction model\'s', async () => {
    const params = { iterations: 2, sectors: 3 };
    const chunked = await run('ata_read', 'vmx', 'kvm-2012', params, { deviceLocations: { ata: 'userspace' } });
    const whole = await run('ata_read', 'svm', 'k8-xen', params, { deviceLocations: { ata: 'userspace' } });
    expect(profile('k8-xen').era?.stringPio).toBe('page-chunks');
    expect(chunked.report.results.status).toBe('done');
    expect(chunked.report.results.fields.checksum).toEqual(whole.report.results.fields.checksum);
    expect(chunked.report.results.fields.sectors).toBe(6);
  });

  it('a page fault in a chunk the hypervisor moves reaches the guest with EIP on the instruction, after the exits before it', async () => {
    // REP OUTSB of 4 bytes to the userspace debug console from 0x7ffffe: 0x7ffffe and 0x7fffff are
    // mapped, 0x800000 (MAP_SIZE) is not. One element per exit: two exits move a byte each, the
    // third exit's element faults (#PF, CR2 0x800000).
    const payload = '    mov esi, 0x7ffffe\n    mov edx, 0xe9\n    mov ecx, 4\nthe_outs:\n    rep outsb\n    ret';
    const { report, exits } = await run('user', 'vmx', 'kvm-2012', { iterations: 1 }, { user: assemblePayload(payload) });
    expect(report.results.status).toBe('exception');
    expect(report.results.exception).toMatchObject({ vector: 14, cr2: 0x800000 });
    const outs = exits.filter((e) => e.mnemonic === 'rep outsb');
    expect(outs.map((e) => e.bufferAddr)).toEqual([0x7ffffe, 0x7fffff, 0x800000]);
    expect(report.results.exception!.eip).toBe(outs[0]!.rip);
  });
});
