// Paging: the U/S and R/W permission matrix with CR0.WP, #PF error codes and CR2, accessed and
// dirty bits, 4 MiB PSE pages, PAE with NX, the TLB (INVLPG and CR3 reloads) and the walk
// statistics the hypervisor model prices.
import { describe, it, expect } from 'vitest';
import { Guest, CODE0, CODE3, STUBS } from './guest';
import { probe, softwareWalk, ACCESS_READ, ACCESS_EXEC } from '../../../src/core/cpu/mmu';

const stubEnd = (v: number): number => STUBS + v * 8 + 1;
const P = 1, RW = 2, US = 4;

/** Run `bytes` at the given ring with page 0x50 mapped with `flags`; return the #PF error code or null. */
function access(ring: 0 | 3, bytes: number[], flags: number, wp = false): { err: number | null; cr2: number } {
  const g = new Guest();
  g.pageIdentity((page) => (page === 0x50 ? flags : P | RW | US));
  if (wp) g.cpu.cr0 |= 1 << 16;
  g.enterRing(ring);
  g.code(ring === 0 ? CODE0 : CODE3, [...bytes, 0x0f, 0x0b]);
  g.cpu.run(20);
  if (g.cpu.eip !== stubEnd(14)) return { err: null, cr2: g.cpu.cr2 };
  return { err: g.stack(1)[0], cr2: g.cpu.cr2 };
}

const READ = [0xa1, 0x10, 0x00, 0x05, 0x00]; // mov eax, [0x50010]
const WRITE = [0xa3, 0x10, 0x00, 0x05, 0x00]; // mov [0x50010], eax

describe('permission matrix', () => {
  const cases: [string, 0 | 3, number[], number, boolean, number | null][] = [
    ['user read of supervisor page', 3, READ, P | RW, false, 5],
    ['user write of read-only user page', 3, WRITE, P | US, false, 7],
    ['user read of read-only user page', 3, READ, P | US, false, null],
    ['user write of not-present page', 3, WRITE, 0, false, 6],
    ['supervisor read of not-present page', 0, READ, 0, false, 0],
    ['supervisor write of read-only page, WP=0', 0, WRITE, P, false, null],
    ['supervisor write of read-only page, WP=1', 0, WRITE, P, true, 3],
    ['supervisor write of user page', 0, WRITE, P | RW | US, true, null],
  ];
  for (const [name, ring, bytes, flags, wp, err] of cases) {
    it(`${name} -> ${err === null ? 'allowed' : `#PF(${err})`}`, () => {
      const r = access(ring, bytes, flags, wp);
      expect(r.err).toBe(err);
      if (err !== null) expect(r.cr2).toBe(0x50010);
    });
  }
});

describe('page walk side effects and TLB', () => {
  it('sets accessed on reads and dirty on writes', () => {
    const g = new Guest();
    g.pageIdentity();
    g.code(CODE0, [...READ, 0xa3, 0x00, 0x10, 0x05, 0x00, 0xf4]); // read 0x50010; write 0x51000; hlt
    g.cpu.run(20);
    expect(g.r32(g.pte(0x50)) & 0x60).toBe(0x20);
    expect(g.r32(g.pte(0x51)) & 0x60).toBe(0x60);
  });

  it('keeps a stale translation until INVLPG, and CR3 reloads flush', () => {
    const g = new Guest();
    g.pageIdentity();
    g.w32(0x60000, 0x1111);
    g.w32(0x61000, 0x2222);
    // mov eax,[0x60000]; mov [pte(0x60)], 0x61007; mov ebx,[0x60000]; invlpg [0x60000]; mov ecx,[0x60000]; hlt
    const pte = g.pte(0x60);
    g.code(CODE0, [
      0xa1, 0x00, 0x00, 0x06, 0x00,
      0xc7, 0x05, ...le(pte), ...le(0x61007),
      0x8b, 0x1d, 0x00, 0x00, 0x06, 0x00,
      0x0f, 0x01, 0x3d, 0x00, 0x00, 0x06, 0x00,
      0x8b, 0x0d, 0x00, 0x00, 0x06, 0x00,
      0xf4,
    ]);
    g.cpu.run(50);
    expect([g.cpu.r32[0], g.cpu.r32[3], g.cpu.r32[1]]).toEqual([0x1111, 0x1111, 0x2222]);
    g.w32(pte, 0x60007);
    // without a flush the TLB still holds the 0x61000 translation ...
    expect(g.cpu.readLin32(0x60000, false)).toBe(0x2222);
    g.cpu.flushTlb(); // ... MOV CR3 does (it calls flushTlb)
    expect(g.cpu.readLin32(0x60000, false)).toBe(0x1111);
  });

  it('keeps global pages (CR4.PGE) across MOV CR3 but not across INVLPG', () => {
    const g = new Guest();
    g.pageIdentity((p) => (p === 0x60 ? 0x107 : 7));
    g.cpu.cr4 |= 1 << 7;
    g.cpu.flushTlb();
    g.w32(0x60000, 0x1111);
    g.w32(0x61000, 0x2222);
    g.w32(0x62000, 0x3333);
    g.w32(0x63000, 0x4444);
    expect(g.cpu.readLin32(0x60000, false)).toBe(0x1111);
    expect(g.cpu.readLin32(0x62000, false)).toBe(0x3333);
    g.w32(g.pte(0x60), 0x61107);
    g.w32(g.pte(0x62), 0x63007);
    // mov eax, cr3; mov cr3, eax; mov ebx, [0x60000]; mov ecx, [0x62000]; invlpg [0x60000]; mov edx, [0x60000]; hlt
    g.code(CODE0, [0x0f, 0x20, 0xd8, 0x0f, 0x22, 0xd8, 0x8b, 0x1d, ...le(0x60000), 0x8b, 0x0d, ...le(0x62000),
      0x0f, 0x01, 0x3d, ...le(0x60000), 0x8b, 0x15, ...le(0x60000), 0xf4]);
    g.cpu.run(20);
    expect([g.cpu.r32[3], g.cpu.r32[1], g.cpu.r32[2]]).toEqual([0x1111, 0x4444, 0x2222]);
  });

  it('reports TLB hits, misses and walk levels for the hypervisor model', () => {
    const g = new Guest();
    g.pageIdentity();
    const first = probe(g.cpu, 0x70123, ACCESS_READ, false);
    expect(first).toEqual({ phys: 0x70123, levels: 2, tlbHit: false });
    const again = probe(g.cpu, 0x70456, ACCESS_READ, false);
    expect(again).toEqual({ phys: 0x70456, levels: 0, tlbHit: true });
    expect(g.cpu.tlb.walks).toBeGreaterThan(0);
    expect(g.cpu.tlb.walkLevels).toBeGreaterThanOrEqual(2);
  });

  it('walks in software for the hypervisor without touching guest-visible state', () => {
    const g = new Guest();
    g.pageIdentity((p) => (p === 0x52 ? 0 : p === 0x53 ? P | RW : 7));
    const c = g.cpu;
    const before = { ...c.tlb };
    c.cr2 = 0x1234;
    expect(softwareWalk(c, 0x70010, ACCESS_EXEC, true)).toEqual({ ok: true, phys: 0x70010, levels: 2 });
    expect(softwareWalk(c, 0x52000, ACCESS_READ, false)).toEqual({ ok: false, errorCode: 0, levels: 2 });
    expect(softwareWalk(c, 0x53000, ACCESS_EXEC, true)).toEqual({ ok: false, errorCode: 5, levels: 2 });
    expect(c.tlb).toEqual(before);
    expect(c.cr2).toBe(0x1234);
    expect(g.r32(g.pte(0x70)) & 0x20).toBe(0); // no accessed bit
    // and it ignores the TLB: a stale translation is not used
    expect(c.readLin32(0x60000, false)).toBe(0);
    g.w32(g.pte(0x60), 0x61007);
    expect(softwareWalk(c, 0x60000, ACCESS_READ, false)).toEqual({ ok: true, phys: 0x61000, levels: 2 });
  });

  it('translates 4 MiB PSE pages', () => {
    const g = new Guest();
    g.pageIdentity();
    g.w32(0x100000 + 4, 0x00000000 | 0x87); // PDE 1: linear 4 MiB..8 MiB -> physical 0, PS
    g.cpu.cr4 |= 1 << 4;
    g.w32(0x10, 0xfeedf00d);
    g.cpu.flushTlb();
    expect(g.cpu.readLin32(0x400010, false) >>> 0).toBe(0xfeedf00d);
  });
});

describe('PAE and NX', () => {
  function paeGuest(nxPage: number): Guest {
    const g = new Guest();
    const pdpt = 0x100000, pd = 0x101000, pt = 0x102000;
    g.w32(pdpt, pd | P);
    g.w32(pd, pt | P | RW | US);
    for (let k = 1; k < 4; k++) g.w32(pd + k * 8, (k << 21) | 0x80 | P | RW | US);
    for (let e = 0; e < 512; e++) {
      g.w32(pt + e * 8, (e << 12) | P | RW | US);
      g.w32(pt + e * 8 + 4, e === nxPage ? 0x80000000 : 0);
    }
    const c = g.cpu;
    c.cr3 = pdpt;
    c.cr4 |= 1 << 5;
    c.efer |= 1 << 11;
    c.cr0 |= 0x80000000;
    c.flushTlb();
    return g;
  }

  it('raises #PF with I/D set when executing an NX page, and reads it fine', () => {
    const g = paeGuest(0x50);
    g.code(0x50000, [0x90]);
    g.code(CODE0, [0xa1, 0x00, 0x00, 0x05, 0x00, 0xe9, ...le(0x50000 - (CODE0 + 10))]); // mov eax,[0x50000]; jmp 0x50000
    g.cpu.run(20);
    expect(g.cpu.r32[0] & 0xff).toBe(0x90);
    expect(g.cpu.eip).toBe(stubEnd(14));
    expect(g.stack(2)).toEqual([0x11, 0x50000]);
    expect(g.cpu.cr2).toBe(0x50000);
  });

  it('walks three levels for a 4 KiB page and two for a 2 MiB page', () => {
    const g = paeGuest(-1);
    expect(probe(g.cpu, 0x60000, ACCESS_READ, false).levels).toBe(3);
    expect(probe(g.cpu, 0x300000, ACCESS_READ, false).levels).toBe(2);
  });

  it('treats the NX bit as reserved when EFER.NXE = 0', () => {
    const g = paeGuest(0x50);
    g.cpu.efer = 0;
    g.code(CODE0, [0xa1, 0x00, 0x00, 0x05, 0x00]);
    g.cpu.run(20);
    expect(g.stack(1)[0]).toBe(0x9); // present + reserved bit
  });
});

describe('instruction fetch', () => {
  it('faults with CR2 on the second page when an instruction straddles into a missing page', () => {
    const g = new Guest();
    g.pageIdentity((page) => (page === 0x71 ? 0 : P | RW | US));
    g.code(0x70ffe, [0xb8, 0x01]); // mov eax, imm32 whose last 3 bytes would be on page 0x71
    g.code(CODE0, [0xe9, ...le(0x70ffe - (CODE0 + 5))]);
    g.cpu.run(10);
    expect(g.cpu.eip).toBe(stubEnd(14));
    expect(g.stack(2)).toEqual([0, 0x70ffe]); // not present, supervisor read (I/D is only reported with NX enabled)
    expect(g.cpu.cr2).toBe(0x71000);
  });
});

describe('faults inside string instructions', () => {
  it('leaves REP progress in the registers and EIP at the first prefix', () => {
    const g = new Guest();
    g.pageIdentity((page) => (page === 0x71 ? 0 : P | RW | US));
    // mov esi,0x60000; mov edi,0x70ff8; mov ecx,4; rep movsd
    g.code(CODE0, [0xbe, ...le(0x60000), 0xbf, ...le(0x70ff8), 0xb9, ...le(4), 0xf3, 0xa5]);
    g.cpu.run(20);
    expect(g.cpu.eip).toBe(stubEnd(14));
    expect(g.stack(2)).toEqual([2, CODE0 + 15]);
    expect(g.cpu.r32[1]).toBe(2);
    expect(g.cpu.r32[7]).toBe(0x71000);
    expect(g.cpu.cr2).toBe(0x71000);
  });
});

function le(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}
