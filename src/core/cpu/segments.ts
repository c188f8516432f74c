// Protected-mode segmentation: reading descriptors from the GDT/LDT, loading segment registers
// with the architectural checks (SDM vol. 3, MOV/POP Sreg and far transfers), and the per-access
// limit/type check that only segments flagged in Cpu.segSlow pay for.
// A descriptor is handled as its two dwords: `lo` (limit 15:0, base 15:0) and `hi` (base 23:16,
// attributes, limit 19:16, base 31:24). The cached attribute word is hi bits 8-23 (see Cpu.segAttr).
import type { Cpu } from './cpu';
import { fault, GP, NP, SSF, TS } from './fault';
import { SS } from './regs';

/** Second dword of the descriptor most recently read by readDescriptor (avoids allocating a pair). */
export let descHi = 0;

export const ATTR_P = 0x80, ATTR_S = 0x10, ATTR_CODE = 0x8, ATTR_CONFORMING = 0x4, ATTR_RW = 0x2;

export function dplOf(hi: number): number {
  return (hi >> 13) & 3;
}

/**
 * Read the descriptor for `sel` (not null) and return its low dword (high dword in descHi).
 * Raises `vector`(sel & ~3) when the selector points past the table limit.
 */
export function readDescriptor(c: Cpu, sel: number, vector = GP): number {
  const idx = sel & 0xfff8;
  let base: number, limit: number;
  if ((sel & 4) !== 0) {
    if ((c.ldtSel & 0xfffc) === 0) fault(vector, sel & 0xfffc);
    base = c.ldtBase;
    limit = c.ldtLimit;
  } else {
    base = c.gdtBase;
    limit = c.gdtLimit;
  }
  if (idx + 7 > limit >>> 0) fault(vector, sel & 0xfffc);
  const lo = c.readSys32((base + idx) | 0);
  descHi = c.readSys32((base + idx + 4) | 0);
  return lo;
}

/**
 * The checks RETF and IRET make on the code selector they return to (SDM, RET and IRET, "return
 * to the same or an outer privilege level"): not null, RPL >= CPL, a present code segment whose
 * DPL fits the RPL (conforming: DPL <= RPL, else DPL = RPL). Returns the descriptor's low dword
 * (high dword in descHi), like readDescriptor.
 */
export function readReturnCodeDescriptor(c: Cpu, newCs: number): number {
  const rpl = newCs & 3;
  if ((newCs & 0xfffc) === 0) fault(GP, 0);
  if (rpl < c.cpl) fault(GP, newCs & 0xfffc);
  const lo = readDescriptor(c, newCs);
  const attr = descHi >>> 8;
  const dpl = dplOf(descHi);
  if ((attr & (ATTR_S | ATTR_CODE)) !== (ATTR_S | ATTR_CODE)) fault(GP, newCs & 0xfffc);
  if ((attr & ATTR_CONFORMING) !== 0 ? dpl > rpl : dpl !== rpl) fault(GP, newCs & 0xfffc);
  if ((attr & ATTR_P) === 0) fault(NP, newCs & 0xfffc);
  return lo;
}

export function descBase(lo: number, hi: number): number {
  return (lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000);
}

/** Byte-granular limit as int32 (-1 = 0xFFFFFFFF). */
export function descLimit(lo: number, hi: number): number {
  const raw = (lo & 0xffff) | (hi & 0xf0000);
  return (hi & 0x800000) !== 0 ? (raw << 12) | 0xfff : raw;
}

/** Set the accessed bit of the descriptor for `sel` if it is clear. */
export function markAccessed(c: Cpu, sel: number, hi: number): void {
  if ((hi & 0x100) !== 0) return;
  const base = (sel & 4) !== 0 ? c.ldtBase : c.gdtBase;
  c.writeSys32((base + (sel & 0xfff8) + 4) | 0, hi | 0x100);
}

/** Fill a segment cache from a descriptor (no checks). */
export function setSegmentCache(c: Cpu, s: number, sel: number, lo: number, hi: number): void {
  c.sel[s] = sel;
  c.segBase[s] = descBase(lo, hi);
  c.segLimit[s] = descLimit(lo, hi);
  c.segAttr[s] = (hi >>> 8) & 0xf0ff;
  c.segmentsChanged();
}

/** Load ES/DS/FS/GS/SS with a selector (MOV, POP, LxS), with the protected-mode checks. */
export function loadSegment(c: Cpu, s: number, sel: number): void {
  sel &= 0xffff;
  const rpl = sel & 3;
  if ((sel & 0xfffc) === 0) {
    if (s === SS) fault(GP, 0);
    c.sel[s] = sel;
    c.segBase[s] = 0;
    c.segLimit[s] = 0;
    c.segAttr[s] = 0;
    c.segmentsChanged();
    return;
  }
  const lo = readDescriptor(c, sel);
  const hi = descHi;
  const dpl = dplOf(hi);
  const attr = hi >>> 8;
  if (s === SS) {
    // writable data, RPL = DPL = CPL
    if (rpl !== c.cpl || dpl !== c.cpl || (attr & (ATTR_S | ATTR_CODE | ATTR_RW)) !== (ATTR_S | ATTR_RW)) {
      fault(GP, sel & 0xfffc);
    }
    if ((attr & ATTR_P) === 0) fault(SSF, sel & 0xfffc);
  } else {
    if ((attr & ATTR_S) === 0) fault(GP, sel & 0xfffc);
    if ((attr & ATTR_CODE) !== 0 && (attr & ATTR_RW) === 0) fault(GP, sel & 0xfffc);
    // data or non-conforming code: max(CPL, RPL) <= DPL
    const conformingCode = (attr & (ATTR_CODE | ATTR_CONFORMING)) === (ATTR_CODE | ATTR_CONFORMING);
    if (!conformingCode && (rpl > dpl || c.cpl > dpl)) fault(GP, sel & 0xfffc);
    if ((attr & ATTR_P) === 0) fault(NP, sel & 0xfffc);
  }
  markAccessed(c, sel, hi);
  setSegmentCache(c, s, sel, lo, hi | 0x100);
}

/**
 * After a return to an outer privilege level, data segment registers whose DPL is below the new
 * CPL (and that are not conforming code) are loaded with null (SDM RET/IRET).
 */
export function nullInaccessibleSegments(c: Cpu): void {
  for (const s of [0, 3, 4, 5]) {
    const a = c.segAttr[s];
    const dpl = (a >> 5) & 3;
    const conformingCode = (a & 0x1c) === 0x1c;
    if ((a & ATTR_P) !== 0 && !conformingCode && dpl < c.cpl) {
      c.sel[s] = 0;
      c.segAttr[s] = 0;
      c.segBase[s] = 0;
      c.segLimit[s] = 0;
    }
  }
  c.segmentsChanged();
}

/** Per-access check for segments in segSlow: usability, type (read/write) and limit. */
export function checkSegment(c: Cpu, s: number, off: number, size: number, write: boolean): void {
  const a = c.segAttr[s];
  const vector = s === SS ? SSF : GP;
  if ((a & ATTR_P) === 0) fault(vector, 0);
  if ((a & ATTR_CODE) !== 0) {
    if (write || (a & ATTR_RW) === 0) fault(vector, 0); // code: read-only, and only if readable
  } else if (write && (a & ATTR_RW) === 0) {
    fault(vector, 0);
  }
  const lim = c.segLimit[s] >>> 0;
  const first = off >>> 0;
  const last = first + size - 1;
  if ((a & (ATTR_CODE | 0x4)) === 0x4) {
    // expand-down data: valid offsets are (limit, 0xFFFF or 0xFFFFFFFF]
    const upper = (a & 0x4000) !== 0 ? 0xffffffff : 0xffff;
    if (first <= lim || last > upper) fault(vector, 0);
  } else if (last > lim) {
    fault(vector, 0);
  }
}

/** Load LDTR from a GDT selector (LLDT). */
export function loadLdt(c: Cpu, sel: number): void {
  if ((sel & 0xfffc) === 0) {
    c.ldtSel = 0;
    c.ldtBase = 0;
    c.ldtLimit = 0;
    return;
  }
  if ((sel & 4) !== 0) fault(GP, sel & 0xfffc);
  const lo = readDescriptor(c, sel);
  const hi = descHi;
  if (((hi >> 8) & 0x1f) !== 0x02) fault(GP, sel & 0xfffc);
  if ((hi & 0x8000) === 0) fault(NP, sel & 0xfffc);
  c.ldtSel = sel;
  c.ldtBase = descBase(lo, hi);
  c.ldtLimit = descLimit(lo, hi);
}

/** Load TR from a GDT selector (LTR): must be an available 32-bit (or 16-bit) TSS; marks it busy. */
export function loadTr(c: Cpu, sel: number): void {
  if ((sel & 0xfffc) === 0 || (sel & 4) !== 0) fault(GP, sel & 0xfffc);
  const lo = readDescriptor(c, sel);
  const hi = descHi;
  const type = (hi >> 8) & 0x1f;
  if (type !== 0x09 && type !== 0x01) fault(GP, sel & 0xfffc);
  if ((hi & 0x8000) === 0) fault(NP, sel & 0xfffc);
  c.writeSys32((c.gdtBase + (sel & 0xfff8) + 4) | 0, hi | 0x200);
  c.trSel = sel;
  c.trBase = descBase(lo, hi);
  c.trLimit = descLimit(lo, hi);
  c.trAttr = ((hi | 0x200) >>> 8) & 0xf0ff;
}

/** Ring-n stack (SS:ESP) from the 32-bit TSS; #TS when the TSS is too short. */
export function tssStack(c: Cpu, ring: number): { ss: number; esp: number } {
  const off = 4 + ring * 8;
  if (off + 5 > c.trLimit >>> 0) fault(TS, c.trSel & 0xfffc);
  return { esp: c.readSys32((c.trBase + off) | 0), ss: c.readSys16((c.trBase + off + 4) | 0) };
}
