// String instructions MOVS, CMPS, STOS, LODS, SCAS with REP/REPE/REPNE. Index registers are
// ESI/EDI or SI/DI by address size, and step by +/- the operand size per DF. A REP form runs
// element by element, committing ECX/ESI/EDI after each one, so a fault part way leaves the
// registers describing the elements already done and EIP at the instruction (it restarts).
// The source segment honours overrides; the destination is always ES.
import type { Cpu } from '../cpu';
import type { Handler, Insn } from '../insn';
import { REP_NONE, REP_E } from '../insn';
import { alu, ALU_CMP } from './alu';
import { getZF } from '../flags';
import { DF, ECX, ESI, EDI, EAX, ES } from '../regs';
import { translate, ACCESS_READ, ACCESS_WRITE } from '../mmu';

function step(c: Cpu, size: number): number {
  return (c.flags & DF) !== 0 ? -size : size;
}

function idx(c: Cpu, i: Insn, r: number): number {
  return i.asize === 4 ? c.r32[r] : c.r16[r << 1];
}

function advance(c: Cpu, i: Insn, r: number, d: number): void {
  if (i.asize === 4) c.r32[r] = (c.r32[r] + d) | 0;
  else c.r16[r << 1] = c.r16[r << 1] + d;
}

function count(c: Cpu, i: Insn): number {
  return i.asize === 4 ? c.r32[ECX] : c.r16[ECX << 1];
}

function decCount(c: Cpu, i: Insn): number {
  if (i.asize === 4) return (c.r32[ECX] = (c.r32[ECX] - 1) | 0);
  c.r16[ECX << 1] = c.r16[ECX << 1] - 1;
  return c.r16[ECX << 1];
}

/** Run `once` for one element, or REP-style until the count (and condition) ends it. */
function repeat(c: Cpu, i: Insn, once: (d: number) => void, conditional: boolean, elemCost: number): void {
  const d = step(c, i.size);
  if (i.rep === REP_NONE) {
    once(d);
    return;
  }
  while (count(c, i) !== 0) {
    once(d);
    c.cycles += elemCost;
    if (decCount(c, i) === 0) return;
    if (conditional && getZF(c) !== (i.rep === REP_E)) return;
  }
}

/**
 * Bulk path for REP MOVS / REP STOS: forward (DF = 0), 32-bit addressing, flat-checked segments.
 * Copies page-sized chunks: each chunk translates its source and destination pages once (so a
 * #PF still happens at the right element with the registers committed for the chunks done) and
 * is skipped in favour of the element loop when a forward copy would overlap itself.
 * Returns false when the fast path does not apply.
 */
function bulk(c: Cpu, i: Insn, store: boolean, elemCost: number): boolean {
  if (i.asize !== 4 || (c.flags & DF) !== 0 || ((c.segSlow >> ES) & 1) !== 0 || (!store && ((c.segSlow >> i.seg) & 1) !== 0)) return false;
  const s = i.size;
  const user = c.userTag !== 0;
  const value = c.getReg(s, EAX);
  while (c.r32[ECX] !== 0) {
    const count = c.r32[ECX] >>> 0;
    const dLin = (c.r32[EDI] + c.segBase[ES]) | 0;
    const sLin = store ? 0 : (c.r32[ESI] + c.segBase[i.seg]) | 0;
    const dRoom = (0x1000 - (dLin & 0xfff)) / s;
    const sRoom = store ? dRoom : (0x1000 - (sLin & 0xfff)) / s;
    const n = Math.min(count, Math.floor(dRoom), Math.floor(sRoom));
    // an element straddling a page: the element loop takes over from the registers as they are
    if (n < 1) return false;
    let src: Uint8Array | null = null, so = 0;
    if (!store) {
      translate(c, sLin, ACCESS_READ, user);
      src = c.lastArr;
      so = c.lastOff + (sLin & 0xfff);
    }
    translate(c, dLin, ACCESS_WRITE, user);
    const dst = c.lastArr;
    const dOff = c.lastOff + (dLin & 0xfff);
    const bytes = n * s;
    if (dst !== null) {
      if (store) {
        if (s === 1) dst.fill(value, dOff, dOff + bytes);
        else for (let k = 0; k < bytes; k += s) for (let b = 0; b < s; b++) dst[dOff + k + b] = value >>> (8 * b);
      } else if (src === null) {
        dst.fill(0xff, dOff, dOff + bytes);
      } else if (src === dst && dOff > so && dOff < so + bytes) {
        return false; // a forward copy onto itself replicates bytes: element by element
      } else if (src === dst) dst.copyWithin(dOff, so, so + bytes);
      else dst.set(src.subarray(so, so + bytes), dOff);
    }
    c.r32[EDI] = (c.r32[EDI] + n * s) | 0;
    if (!store) c.r32[ESI] = (c.r32[ESI] + n * s) | 0;
    c.r32[ECX] = (c.r32[ECX] - n) | 0;
    c.cycles += n * elemCost;
  }
  return true;
}

function load(a: Uint8Array | null, o: number, s: number): number {
  if (a === null) return s === 4 ? -1 : s === 2 ? 0xffff : 0xff;
  return s === 1 ? a[o] : s === 2 ? a[o] | (a[o + 1] << 8) : a[o] | (a[o + 1] << 8) | (a[o + 2] << 16) | (a[o + 3] << 24);
}

/**
 * Bulk path for REPE/REPNE CMPS and SCAS under the same conditions as `bulk`: compares a page
 * chunk at a time straight from the backing arrays, then sets the flags from the last pair.
 */
function bulkCompare(c: Cpu, i: Insn, scan: boolean, elemCost: number): boolean {
  if (i.asize !== 4 || (c.flags & DF) !== 0 || ((c.segSlow >> ES) & 1) !== 0 || (!scan && ((c.segSlow >> i.seg) & 1) !== 0)) return false;
  const s = i.size;
  const user = c.userTag !== 0;
  const acc = c.getReg(s, EAX);
  const wantEqual = i.rep === REP_E;
  while (c.r32[ECX] !== 0) {
    const count = c.r32[ECX] >>> 0;
    const dLin = (c.r32[EDI] + c.segBase[ES]) | 0;
    const sLin = scan ? 0 : (c.r32[ESI] + c.segBase[i.seg]) | 0;
    const dRoom = Math.floor((0x1000 - (dLin & 0xfff)) / s);
    const sRoom = scan ? dRoom : Math.floor((0x1000 - (sLin & 0xfff)) / s);
    const n = Math.min(count, dRoom, sRoom);
    if (n < 1) return false;
    let src: Uint8Array | null = null, so = 0;
    if (!scan) {
      translate(c, sLin, ACCESS_READ, user);
      src = c.lastArr;
      so = c.lastOff + (sLin & 0xfff);
    }
    translate(c, dLin, ACCESS_READ, user);
    const dst = c.lastArr;
    const dOff = c.lastOff + (dLin & 0xfff);
    let k = 0, a = 0, b = 0, stop = false;
    while (k < n) {
      a = scan ? acc : load(src, so + k * s, s);
      b = load(dst, dOff + k * s, s);
      k++;
      if ((a === b) !== wantEqual) {
        stop = true;
        break;
      }
    }
    alu(c, ALU_CMP, a & MASK[s], b & MASK[s], s);
    c.r32[EDI] = (c.r32[EDI] + k * s) | 0;
    if (!scan) c.r32[ESI] = (c.r32[ESI] + k * s) | 0;
    c.r32[ECX] = (c.r32[ECX] - k) | 0;
    c.cycles += k * elemCost;
    if (stop) return true;
  }
  return true;
}
const MASK = [0, 0xff, 0xffff, 0, -1];

export const movs: Handler = (c, i) => {
  const s = i.size;
  if (i.rep !== REP_NONE && bulk(c, i, false, c.cycleTable.repMovsElement)) return;
  repeat(c, i, (d) => {
    const v = c.read(s, i.seg, idx(c, i, ESI));
    c.write(s, ES, idx(c, i, EDI), v);
    advance(c, i, ESI, d);
    advance(c, i, EDI, d);
  }, false, c.cycleTable.repMovsElement);
};

export const stos: Handler = (c, i) => {
  const s = i.size;
  const v = c.getReg(s, EAX);
  if (i.rep !== REP_NONE && bulk(c, i, true, c.cycleTable.repStosElement)) return;
  repeat(c, i, (d) => {
    c.write(s, ES, idx(c, i, EDI), v);
    advance(c, i, EDI, d);
  }, false, c.cycleTable.repStosElement);
};

export const lods: Handler = (c, i) => {
  const s = i.size;
  repeat(c, i, (d) => {
    c.setReg(s, EAX, c.read(s, i.seg, idx(c, i, ESI)));
    advance(c, i, ESI, d);
  }, false, c.cycleTable.repLodsElement);
};

export const cmps: Handler = (c, i) => {
  const s = i.size;
  if (i.rep !== REP_NONE && bulkCompare(c, i, false, c.cycleTable.repCmpsElement)) return;
  repeat(c, i, (d) => {
    const a = c.read(s, i.seg, idx(c, i, ESI));
    const b = c.read(s, ES, idx(c, i, EDI));
    alu(c, ALU_CMP, a, b, s);
    advance(c, i, ESI, d);
    advance(c, i, EDI, d);
  }, true, c.cycleTable.repCmpsElement);
};

export const scas: Handler = (c, i) => {
  const s = i.size;
  if (i.rep !== REP_NONE && bulkCompare(c, i, true, c.cycleTable.repScasElement)) return;
  repeat(c, i, (d) => {
    const b = c.read(s, ES, idx(c, i, EDI));
    alu(c, ALU_CMP, c.getReg(s, EAX), b, s);
    advance(c, i, EDI, d);
  }, true, c.cycleTable.repScasElement);
};

export { idx as stringIndex, advance as stringAdvance, count as stringCount, decCount as stringDecCount, step as stringStep };
