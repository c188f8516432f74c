// Fetching the trapped instruction through the guest's page tables: the present / NX / U/S
// checks for the guest's CPL with the #PF error codes and CR2 a VMM would inject, instructions
// straddling a page boundary (two walks, each checked), 2-level, 4 MiB, PAE and no paging, the
// CS base and limit, 16-bit code segments, and no guest-visible side effects.
import { describe, expect, it } from 'vitest';
import { IoDecoder, bytesOf } from '../../../src/core/vmm/io-decoder';
import { DecoderGuest, P, RW, US } from './io-decoder-guest';

const CODE = 0x50000; // page 0x50
const IN_DX = [0xec]; // in al, dx
const REP_INSW = [0xf3, 0x66, 0x6d];

function guestWith(bytes: number[], at = CODE): DecoderGuest {
  const g = new DecoderGuest();
  g.put(at, bytes);
  return g;
}

describe('fetch permission checks (2-level paging)', () => {
  const cases: [string, number, number, { vector: number; errorCode: number } | null][] = [
    ['CPL 0, page not present', 0, 0, { vector: 14, errorCode: 0 }],
    ['CPL 3, page not present', 3, 0, { vector: 14, errorCode: 4 }],
    ['CPL 3, supervisor page', 3, P | RW, { vector: 14, errorCode: 5 }],
    ['CPL 3, read-only user page (execute needs no R/W)', 3, P | US, null],
    ['CPL 0, user page (no SMEP on this CPU)', 0, P | US, null],
    ['CPL 1, supervisor page', 1, P, null],
  ];
  for (const [name, cpl, flags, fault] of cases) {
    it(`${name} -> ${fault === null ? 'decoded' : `#PF(${fault.errorCode})`}`, () => {
      const g = guestWith(IN_DX);
      g.paging2((page) => (page === 0x50 ? flags : P | RW | US));
      g.setCpl(cpl);
      const r = new IoDecoder().decode(g.cpu, CODE);
      if (fault === null) expect(r).toMatchObject({ kind: 'io', mnemonic: 'in al, dx' });
      else expect(r).toMatchObject({ kind: 'fault', ...fault, cr2: CODE, reason: 'page-fault', bytesRead: 0 });
      expect(r.steps).toMatchObject({ pageWalks: 1, walkLevels: 2, bytesFetched: fault === null ? 1 : 0 });
    });
  }

  it('a not-present page table stops the walk after one level', () => {
    const g = guestWith(IN_DX);
    g.paging2();
    g.w32(0x300000, 0); // PDE 0 not present
    const r = new IoDecoder().decode(g.cpu, CODE);
    expect(r).toMatchObject({ kind: 'fault', vector: 14, errorCode: 0, cr2: CODE });
    expect(r.steps).toMatchObject({ pageWalks: 1, walkLevels: 1 });
  });

  it('a 4 MiB page needs one level', () => {
    const g = guestWith(REP_INSW);
    g.paging2Large();
    const r = new IoDecoder().decode(g.cpu, CODE);
    expect(r).toMatchObject({ kind: 'io', mnemonic: 'rep insw' });
    expect(r.steps).toMatchObject({ pageWalks: 1, walkLevels: 1, pagesTouched: 1 });
  });
});

describe('fetch permission checks (PAE)', () => {
  const cases: [string, boolean, number, number, boolean, number | null][] = [
    // name, EFER.NXE, CPL, flags, NX bit, error code (null = decoded)
    ['NXE, NX page, CPL 0', true, 0, P | RW | US, true, 0x11],
    ['NXE, NX page, CPL 3', true, 3, P | RW | US, true, 0x15],
    ['NXE, not present, CPL 3', true, 3, 0, false, 0x14],
    ['NXE, supervisor page, CPL 3', true, 3, P | RW, false, 0x15],
    ['NXE, executable user page, CPL 3', true, 3, P | US, false, null],
    ['no NXE, not present, CPL 3', false, 3, 0, false, 0x4],
    ['no NXE, supervisor page, CPL 3', false, 3, P | RW, false, 0x5],
  ];
  for (const [name, nxe, cpl, flags, nx, code] of cases) {
    it(`${name} -> ${code === null ? 'decoded' : `#PF(${code.toString(16)})`}`, () => {
      const g = guestWith(REP_INSW);
      g.pagingPae(nxe, (page) => (page === 0x50 ? { flags, nx } : { flags: P | RW | US }));
      g.setCpl(cpl);
      const r = new IoDecoder().decode(g.cpu, CODE);
      if (code === null) expect(r).toMatchObject({ kind: 'io', mnemonic: 'rep insw', length: 3 });
      else expect(r).toMatchObject({ kind: 'fault', vector: 14, errorCode: code, cr2: CODE });
      expect(r.steps).toMatchObject({ pageWalks: 1, walkLevels: 3 });
    });
  }

  it('an NX bit without EFER.NXE is a reserved-bit fault', () => {
    const g = guestWith(IN_DX);
    g.pagingPae(false, (page) => ({ flags: P | RW | US, nx: page === 0x50 }));
    const r = new IoDecoder().decode(g.cpu, CODE);
    expect(r).toMatchObject({ kind: 'fault', vector: 14, errorCode: 0x9, cr2: CODE });
  });
});

describe('instructions straddling a page boundary', () => {
  const END = 0x50ffe; // 2 bytes left on page 0x50

  it('walks both pages, each checked', () => {
    for (const pae of [false, true]) {
      const g = guestWith([0xf3, 0x66, 0x6f], END); // rep outsw: 66 6F on page 0x51
      if (pae) g.pagingPae(true);
      else g.paging2();
      g.setCpl(3);
      const r = new IoDecoder().decode(g.cpu, END);
      expect(r).toMatchObject({ kind: 'io', mnemonic: 'rep outsw', length: 3, segment: 3 });
      expect(r.steps).toMatchObject({ pagesTouched: 2, pageWalks: 2, walkLevels: pae ? 6 : 4, bytesFetched: 3 });
    }
  });

  it('second page not present: #PF with CR2 at the start of that page', () => {
    const g = guestWith([0x66, 0xe5, 0x80], END); // 66 E5 | imm8 on page 0x51
    g.paging2((page) => (page === 0x51 ? 0 : P | RW | US));
    g.setCpl(3);
    const r = new IoDecoder().decode(g.cpu, END);
    expect(r).toMatchObject({ kind: 'fault', vector: 14, errorCode: 4, cr2: 0x51000, reason: 'page-fault', bytesRead: 2 });
    expect(bytesOf(r)).toEqual([0x66, 0xe5]);
    expect(r.steps).toMatchObject({ pagesTouched: 2, pageWalks: 2, walkLevels: 4, bytesFetched: 2 });
  });

  it('second page supervisor-only at CPL 3, NX under PAE', () => {
    const g = guestWith([0x66, 0xed], 0x50fff);
    g.paging2((page) => (page === 0x51 ? P | RW : P | RW | US));
    g.setCpl(3);
    expect(new IoDecoder().decode(g.cpu, 0x50fff)).toMatchObject({ kind: 'fault', errorCode: 5, cr2: 0x51000, bytesRead: 1 });
    const h = guestWith([0x66, 0xed], 0x50fff);
    h.pagingPae(true, (page) => ({ flags: P | RW | US, nx: page === 0x51 }));
    expect(new IoDecoder().decode(h.cpu, 0x50fff)).toMatchObject({ kind: 'fault', errorCode: 0x11, cr2: 0x51000 });
  });

  it('LOCK with the imm8 on a missing page: the #PF wins over #UD', () => {
    const g = guestWith([0xf0, 0xe6, 0x80], END);
    g.paging2((page) => (page === 0x51 ? 0 : P | RW | US));
    expect(new IoDecoder().decode(g.cpu, END)).toMatchObject({ kind: 'fault', vector: 14, errorCode: 0, cr2: 0x51000, bytesRead: 2 });
  });

  it('an instruction that ends exactly at the page end walks once', () => {
    const g = guestWith([0xf3, 0x6c], END);
    g.paging2((page) => (page === 0x51 ? 0 : P | RW | US));
    const r = new IoDecoder().decode(g.cpu, END);
    expect(r).toMatchObject({ kind: 'io', mnemonic: 'rep insb', length: 2 });
    expect(r.steps).toMatchObject({ pagesTouched: 1, pageWalks: 1 });
  });
});

describe('paging off, segments', () => {
  it('paging off: no walk, physical = linear', () => {
    const g = guestWith(REP_INSW);
    const r = new IoDecoder().decode(g.cpu, CODE);
    expect(r).toMatchObject({ kind: 'io', mnemonic: 'rep insw' });
    expect(r.steps).toMatchObject({ pagesTouched: 1, pageWalks: 0, walkLevels: 0, tlbHits: 0 });
  });

  it('uses the CS base, and faults #GP(0) on a byte beyond the CS limit', () => {
    const g = guestWith([0x66, 0xe7, 0x10], 0x60000);
    g.cpu.segBase[1] = 0x60000;
    g.cpu.segLimit[1] = 0xffff;
    expect(new IoDecoder().decode(g.cpu, 0)).toMatchObject({ kind: 'io', mnemonic: 'out imm8, ax', port: 0x10, length: 3 });
    g.cpu.segLimit[1] = 1; // the imm8 lies beyond the limit
    const r = new IoDecoder().decode(g.cpu, 0);
    expect(r).toMatchObject({ kind: 'fault', vector: 13, errorCode: 0, cr2: null, reason: 'cs-limit', bytesRead: 2 });
  });

  it('16-bit code segment: 66 selects 32-bit operands, 67 32-bit addresses, EIP wraps at 64 KiB', () => {
    const g = guestWith([0xed]);
    g.cpu.csSize = 2;
    g.cpu.segBase[1] = CODE;
    const d = new IoDecoder();
    expect(d.decode(g.cpu, 0)).toMatchObject({ mnemonic: 'in ax, dx', operandSize: 16, addressSize: 16 });
    g.put(CODE, [0x66, 0x67, 0x6f]);
    expect(d.decode(g.cpu, 0)).toMatchObject({ mnemonic: 'outsd', operandSize: 32, addressSize: 32 });
    g.cpu.segBase[1] = 0x40000;
    g.cpu.segLimit[1] = 0xffff;
    g.put(0x4ffff, [0xf3]);
    g.put(0x40000, [0x6c]);
    expect(d.decode(g.cpu, 0xffff)).toMatchObject({ kind: 'io', mnemonic: 'rep insb', length: 2 });
  });

  it('changes nothing the guest can see: accessed bits, CR2, the TLB statistics', () => {
    const g = guestWith(REP_INSW);
    g.paging2();
    g.cpu.cr2 = 0x1234;
    const pde = g.r32(0x300000);
    const pte = g.r32(g.pte2(0x50));
    const tlb = { ...g.cpu.tlb };
    expect(new IoDecoder().decode(g.cpu, CODE).kind).toBe('io');
    expect(g.r32(g.pte2(0x50))).toBe(pte); // no accessed bit
    expect(g.r32(0x300000)).toBe(pde);
    expect(pte & 0x20).toBe(0);
    g.w32(g.pte2(0x50), 0);
    expect(new IoDecoder().decode(g.cpu, CODE)).toMatchObject({ kind: 'fault', vector: 14, cr2: CODE });
    expect(g.cpu.cr2).toBe(0x1234); // the VMM injects; the decoder does not write CR2
    expect(g.cpu.tlb).toEqual(tlb);
  });
});
