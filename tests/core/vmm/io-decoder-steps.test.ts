// The decoder's step counts, which the cost model prices: hand-computed values for a few
// encodings (see decode-steps.ts for what each count means), "a longer or odder encoding costs
// more", determinism, the VMM code-translation cache, and the reuse of the result records.
import { describe, expect, it } from 'vitest';
import { IoDecoder, detach, prefixList, bytesOf, type IoDecodeResult } from '../../../src/core/vmm/io-decoder';
import { CodeTranslationCache } from '../../../src/core/vmm/fetch-cache';
import type { DecodeSteps } from '../../../src/core/vmm/decode-steps';
import { DecoderGuest, P, RW } from './io-decoder-guest';

const CODE = 0x50000;

function decodeBytes(bytes: number[], setup?: (g: DecoderGuest) => void): IoDecodeResult {
  const g = new DecoderGuest();
  g.put(CODE, bytes);
  setup?.(g);
  return new IoDecoder().decode(g.cpu, CODE);
}

const decodeSide = (s: DecodeSteps): Pick<DecodeSteps, 'bytesFetched' | 'prefixes' | 'branches' | 'tableLookups'> =>
  ({ bytesFetched: s.bytesFetched, prefixes: s.prefixes, branches: s.branches, tableLookups: s.tableLookups });

describe('hand-computed step counts', () => {
  // branches: dispatch per byte + length test per prefix + opcode class + LOCK + byte form?
  //           (+ operand size for word/dword) (+ length test before imm8) (+ REP, address size
  //           for string forms) (+ segment override for OUTS); table look-ups: one per byte
  //           examined + one form look-up.
  const cases: [string, number[], string, number, number, number, number][] = [
    // name, bytes, outcome, bytesFetched, prefixes, branches, tableLookups
    ['in al, dx', [0xec], 'in al, dx', 1, 0, 1 + 1 + 1 + 1, 2],
    ['in eax, dx', [0xed], 'in eax, dx', 1, 0, 1 + 1 + 1 + 1 + 1, 2],
    ['in al, 0x80', [0xe4, 0x80], 'in al, imm8', 2, 0, 1 + 1 + 1 + 1 + 1, 2],
    ['66 in ax, 0x80', [0x66, 0xe5, 0x80], 'in ax, imm8', 3, 1, 2 + 1 + 1 + 1 + 2 + 1, 3],
    ['insb', [0x6c], 'insb', 1, 0, 1 + 1 + 1 + 1 + 2, 2],
    ['rep insw', [0x66, 0xf3, 0x6d], 'rep insw', 3, 2, 3 + 2 + 1 + 1 + 2 + 2, 4],
    ['cs rep outsw', [0x2e, 0x66, 0xf3, 0x6f], 'rep outsw', 4, 3, 4 + 3 + 1 + 1 + 2 + 3, 5],
    ['lock in al, dx', [0xf0, 0xec], 'lock', 2, 1, 2 + 1 + 1 + 1, 2],
    ['lock in al, 0x80 (imm8 read first)', [0xf0, 0xe4, 0x80], 'lock', 3, 1, 2 + 1 + 1 + 1 + 1, 2],
    ['nop (not I/O)', [0x90], 'not-io', 1, 0, 1 + 1, 1],
    ['15 prefixes', [...Array<number>(15).fill(0x66), 0xec], 'too-long', 15, 15, 15 + 15, 15],
  ];
  for (const [name, bytes, outcome, fetched, prefixes, branches, lookups] of cases) {
    it(`${name}: ${fetched} bytes, ${prefixes} prefixes, ${branches} branches, ${lookups} look-ups`, () => {
      const r = decodeBytes(bytes);
      expect(r.kind === 'io' ? r.mnemonic : r.reason).toBe(outcome);
      expect(r.steps).toEqual({
        bytesFetched: fetched, prefixes, branches, tableLookups: lookups,
        pagesTouched: 1, pageWalks: 0, walkLevels: 0, tlbHits: 0,
      });
    });
  }

  it('66 F3 6D costs more than EC in every decode count', () => {
    const cheap = decodeSide(decodeBytes([0xec]).steps);
    const odd = decodeSide(decodeBytes([0x66, 0xf3, 0x6d]).steps);
    for (const key of Object.keys(cheap) as (keyof typeof cheap)[]) expect(odd[key], key).toBeGreaterThan(cheap[key]);
  });

  it('adds walk levels per paging mode: none 0, 4 MiB 1, 2-level 2, PAE 3', () => {
    const levels = (setup?: (g: DecoderGuest) => void): number => decodeBytes([0xec], setup).steps.walkLevels;
    expect(levels()).toBe(0);
    expect(levels((g) => g.paging2Large())).toBe(1);
    expect(levels((g) => g.paging2())).toBe(2);
    expect(levels((g) => g.pagingPae(true))).toBe(3);
  });
});

describe('longer or odder encodings cost more', () => {
  const OPCODES = [0xe4, 0xe5, 0xe6, 0xe7, 0xec, 0xed, 0xee, 0xef, 0x6c, 0x6d, 0x6e, 0x6f];
  const PREFIXES = [0x66, 0x67, 0xf3, 0xf2, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65];

  it('one more prefix byte strictly increases bytes, prefixes, branches and look-ups', () => {
    const g = new DecoderGuest();
    const d = new IoDecoder();
    const steps = (bytes: number[]): ReturnType<typeof decodeSide> => {
      g.put(CODE, bytes);
      return decodeSide(d.decode(g.cpu, CODE).steps);
    };
    for (const op of OPCODES) {
      const tail = op >= 0xe4 && op <= 0xe7 ? [op, 0x42] : [op];
      for (const a of PREFIXES) {
        for (const b of PREFIXES) {
          const shorter = steps([a, ...tail]);
          const longer = steps([a, b, ...tail]);
          for (const key of Object.keys(shorter) as (keyof typeof shorter)[]) {
            expect(longer[key], `${[a, b, ...tail].map((x) => x.toString(16)).join(' ')} ${key}`).toBeGreaterThan(shorter[key]);
          }
        }
      }
    }
  });

  it('every decoded instruction matches the closed form in decode-steps.ts', () => {
    const g = new DecoderGuest();
    const d = new IoDecoder();
    const runs = [[], [0x66], [0xf2, 0x67], [0x2e, 0x66, 0xf3], [0x64, 0x64, 0x67, 0x66, 0xf3, 0xf3], Array<number>(13).fill(0x3e)];
    for (const op of OPCODES) {
      for (const pre of runs) {
        const imm8 = op >= 0xe4 && op <= 0xe7 ? 1 : 0;
        g.put(CODE, [...pre, op, ...(imm8 ? [0x99] : [])]);
        const p = pre.length;
        const wide = op & 1, string = op < 0x70 ? 1 : 0, outs = op === 0x6e || op === 0x6f ? 1 : 0;
        expect(decodeSide(d.decode(g.cpu, CODE).steps)).toEqual({
          bytesFetched: p + 1 + imm8, prefixes: p, tableLookups: p + 2, branches: 2 * p + 4 + imm8 + wide + 2 * string + outs,
        });
      }
    }
  });

  it('string forms cost more branches than IN/OUT with the same prefixes; OUTS more than INS', () => {
    const branches = (bytes: number[]): number => decodeBytes(bytes).steps.branches;
    expect(branches([0x66, 0x6d])).toBeGreaterThan(branches([0x66, 0xed]));
    expect(branches([0x6e])).toBeGreaterThan(branches([0x6c]));
  });

  it('a straddling instruction costs a second walk', () => {
    const at = (bytes: number[], addr: number): IoDecodeResult => {
      const g = new DecoderGuest();
      g.put(addr, bytes);
      g.paging2();
      return new IoDecoder().decode(g.cpu, addr);
    };
    const inside = at([0xf3, 0x6e], CODE).steps;
    const split = at([0xf3, 0x6e], CODE + 0xfff).steps;
    expect(decodeSide(split)).toEqual(decodeSide(inside));
    expect([inside.pageWalks, inside.walkLevels]).toEqual([1, 2]);
    expect([split.pageWalks, split.walkLevels, split.pagesTouched]).toEqual([2, 4, 2]);
  });

  it('counts are deterministic', () => {
    const g = new DecoderGuest();
    g.put(CODE, [0x3e, 0x67, 0xf2, 0x66, 0x6f]);
    g.pagingPae(true);
    const d = new IoDecoder();
    const first = { ...d.decode(g.cpu, CODE).steps };
    for (let i = 0; i < 5; i++) expect(d.decode(g.cpu, CODE).steps).toEqual(first);
    expect(new IoDecoder().decode(g.cpu, CODE).steps).toEqual(first);
  });
});

describe('VMM code-translation cache', () => {
  function cached(): { g: DecoderGuest; d: IoDecoder } {
    const g = new DecoderGuest();
    g.put(CODE, [0xf3, 0x66, 0x6d]);
    g.paging2();
    g.setCpl(3);
    return { g, d: new IoDecoder(new CodeTranslationCache()) };
  }

  it('a repeated exit from the same page hits instead of walking', () => {
    const { g, d } = cached();
    expect(d.decode(g.cpu, CODE).steps).toMatchObject({ pageWalks: 1, walkLevels: 2, tlbHits: 0 });
    expect(d.decode(g.cpu, CODE).steps).toMatchObject({ pageWalks: 0, walkLevels: 0, tlbHits: 1, pagesTouched: 1 });
  });

  it('is dropped on INVLPG, CR3 reload and CPL change, and never reused across privilege classes', () => {
    const { g, d } = cached();
    d.decode(g.cpu, CODE);
    g.w32(g.pte2(0x50), (0x50 << 12) | P | RW); // now supervisor-only
    g.cpu.invalidatePage(CODE);
    expect(d.decode(g.cpu, CODE)).toMatchObject({ kind: 'fault', vector: 14, errorCode: 5 });
    g.setCpl(0);
    expect(d.decode(g.cpu, CODE).steps).toMatchObject({ pageWalks: 1, tlbHits: 0 });
    expect(d.decode(g.cpu, CODE).steps).toMatchObject({ pageWalks: 0, tlbHits: 1 });
    g.cpu.cr3 = 0x300000; // same value, but a write as MOV CR3 would flush
    g.cpu.flushNonGlobal();
    expect(d.decode(g.cpu, CODE).steps).toMatchObject({ pageWalks: 1, tlbHits: 0 });
    const cache = new CodeTranslationCache();
    cache.fill(g.cpu, 0x50, false, 0x50);
    expect(cache.lookup(g.cpu, 0x50, true)).toBe(-1);
    expect(cache.lookup(g.cpu, 0x50, false)).toBe(0x50);
  });

  it('stores only translations that passed the checks, and none with paging off', () => {
    const { g, d } = cached();
    g.w32(g.pte2(0x50), 0);
    d.decode(g.cpu, CODE);
    expect(d.decode(g.cpu, CODE).steps).toMatchObject({ pageWalks: 1, tlbHits: 0 });
    const h = new DecoderGuest();
    h.put(CODE, [0xec]);
    const e = new IoDecoder(new CodeTranslationCache());
    e.decode(h.cpu, CODE);
    expect(e.decode(h.cpu, CODE).steps).toMatchObject({ pageWalks: 0, tlbHits: 0, pagesTouched: 1 });
  });
});

describe('result records', () => {
  it('are reused by every decode (copy what must outlive the next one)', () => {
    const g = new DecoderGuest();
    g.put(CODE, [0x64, 0xf3, 0x6f, 0xec, 0xf0, 0xec]);
    const d = new IoDecoder();
    const a = d.decode(g.cpu, CODE);
    expect(a).toMatchObject({ kind: 'io', mnemonic: 'rep outsd', segment: 4, repPrefix: 0xf3 });
    if (a.kind === 'io') expect(prefixList(a)).toEqual([0x64, 0xf3]);
    const b = d.decode(g.cpu, CODE + 3);
    expect(b).toBe(a);
    expect(b).toMatchObject({ kind: 'io', mnemonic: 'in al, dx', prefixCount: 0, segment: null, segmentOverride: null, repPrefix: 0 });
    const f = d.decode(g.cpu, CODE + 4);
    expect(f).toMatchObject({ kind: 'fault', reason: 'lock' });
    expect(d.decode(g.cpu, CODE + 4)).toBe(f);
  });

  it('detach() keeps an outcome past the next decode', () => {
    const g = new DecoderGuest();
    g.put(CODE, [0x64, 0xf3, 0x6f, 0xf0, 0xec]);
    const d = new IoDecoder();
    const kept = detach(d.decode(g.cpu, CODE));
    const fault = detach(d.decode(g.cpu, CODE + 3));
    d.decode(g.cpu, CODE);
    expect(kept).toMatchObject({ kind: 'io', mnemonic: 'rep outsd', length: 3, steps: { bytesFetched: 3, prefixes: 2 } });
    expect(bytesOf(kept)).toEqual([0x64, 0xf3, 0x6f]);
    if (kept.kind === 'io') expect(prefixList(kept)).toEqual([0x64, 0xf3]);
    expect(fault).toMatchObject({ kind: 'fault', reason: 'lock', steps: { bytesFetched: 2 } });
    expect(bytesOf(fault)).toEqual([0xf0, 0xec]);
  });

  it('F2 repeats INS/OUTS like F3; REP on IN/OUT is ignored; overrides do not move INS', () => {
    const g = new DecoderGuest();
    g.put(CODE, [0xf2, 0x6d, 0xf3, 0xee, 0x2e, 0x6c]);
    const d = new IoDecoder();
    expect(d.decode(g.cpu, CODE)).toMatchObject({ formId: 17, mnemonic: 'rep insd', rep: true, repPrefix: 0xf2 });
    expect(d.decode(g.cpu, CODE + 2)).toMatchObject({ formId: 9, mnemonic: 'out dx, al', rep: false, repPrefix: 0xf3 });
    expect(d.decode(g.cpu, CODE + 4)).toMatchObject({ mnemonic: 'insb', segment: 0, segmentOverride: 1 });
  });
});
