// Shifts and rotates: group 2 (ROL ROR RCL RCR SHL SHR SAL SAR by 1, CL or imm8) and the
// double-precision SHLD/SHRD. The count is masked to 5 bits; a zero count changes nothing, flags
// included. Rotates touch only CF and OF; shifts set CF/OF eagerly and leave ZF/SF/PF lazy.
// OF is computed with the count-1 formula for every count (it is architecturally undefined
// for counts above 1).
import type { Cpu } from '../cpu';
import type { Handler } from '../insn';
import { setLazyResult, getCF, MASKS } from '../flags';
import { CF, OF } from '../regs';
import { ea, signExtend } from './operands';

/** /6 is SAL, an alias of SHL; objdump spells it shl. */
export const SHIFT_NAMES = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'shl', 'sar'];

function setCfOf(c: Cpu, cf: number, of: number): void {
  c.setArithFlags(CF | OF, (cf !== 0 ? CF : 0) | (of !== 0 ? OF : 0));
}

function shiftResult(c: Cpu, r: number, size: number, cf: number, of: number): number {
  setLazyResult(c, r, size);
  c.flags = (c.flags & ~(CF | OF)) | (cf !== 0 ? CF : 0) | (of !== 0 ? OF : 0);
  return r;
}

export function shift(c: Cpu, op: number, a: number, count: number, size: number): number {
  const cnt = count & 0x1f;
  if (cnt === 0) return a;
  const bits = size * 8;
  const m = MASKS[size];
  const top = bits - 1;
  a &= m;
  switch (op) {
    case 0: {
      const n = cnt % bits;
      const r = ((a << n) | (a >>> (bits - n))) & m;
      const cf = r & 1;
      setCfOf(c, cf, ((r >>> top) & 1) ^ cf);
      return r;
    }
    case 1: {
      const n = cnt % bits;
      const r = ((a >>> n) | (a << (bits - n))) & m;
      setCfOf(c, (r >>> top) & 1, ((r >>> top) ^ (r >>> (top - 1))) & 1);
      return r;
    }
    case 2: {
      const n = cnt % (bits + 1);
      let cf = getCF(c) ? 1 : 0;
      let r = a;
      for (let k = 0; k < n; k++) {
        const out = (r >>> top) & 1;
        r = ((r << 1) | cf) & m;
        cf = out;
      }
      setCfOf(c, cf, ((r >>> top) & 1) ^ cf);
      return r;
    }
    case 3: {
      const n = cnt % (bits + 1);
      let cf = getCF(c) ? 1 : 0;
      const of = ((a >>> top) & 1) ^ cf;
      let r = a;
      for (let k = 0; k < n; k++) {
        const out = r & 1;
        r = ((r >>> 1) | (cf << top)) & m;
        cf = out;
      }
      setCfOf(c, cf, of);
      return r;
    }
    case 4:
    case 6: {
      const cf = cnt <= bits ? (a >>> (bits - cnt)) & 1 : 0;
      const r = (a << cnt) & m;
      return shiftResult(c, r, size, cf, ((r >>> top) & 1) ^ cf);
    }
    case 5: {
      const cf = (a >>> (cnt - 1)) & 1;
      const r = (a >>> cnt) & m;
      return shiftResult(c, r, size, cf, (a >>> top) & 1);
    }
    default: {
      const sa = signExtend(a, size);
      const cf = (sa >> Math.min(cnt - 1, 31)) & 1;
      const r = (sa >> Math.min(cnt, 31)) & m;
      return shiftResult(c, r, size, cf, 0);
    }
  }
}

/** Group 2. i.imm is the count for C0/C1 (imm8) and D0/D1 (1); i.imm2 = 1 means the count is CL. */
export const shiftRm: Handler = (c, i) => {
  const s = i.size;
  const count = i.imm2 === 1 ? c.r8[4] : i.imm;
  if (i.mod3) c.setReg(s, i.rm, shift(c, i.op, c.getReg(s, i.rm), count, s));
  else {
    const off = ea(c, i);
    const a = c.read(s, i.seg, off);
    if ((count & 0x1f) === 0) return;
    c.write(s, i.seg, off, shift(c, i.op, a, count, s));
  }
};

function doubleShift(c: Cpu, left: boolean, a: number, b: number, count: number, size: number): number {
  const n = count & 0x1f;
  const bits = size * 8;
  const m = MASKS[size];
  const top = bits - 1;
  let r: number, cf: number;
  if (size === 4) {
    if (left) {
      r = (a << n) | (b >>> (32 - n));
      cf = (a >>> (32 - n)) & 1;
    } else {
      r = (a >>> n) | (b << (32 - n));
      cf = (a >>> (n - 1)) & 1;
    }
  } else {
    // 16-bit: shift through the 32-bit concatenation (undefined results for n > 16 follow it)
    if (left) {
      const wide = ((a << 16) | b) >>> 0;
      const shifted = n < 32 ? (wide << n) | (n > 16 ? a << (n - 16) : 0) : 0;
      r = (shifted >>> 16) & m;
      cf = n <= 16 ? (a >>> (16 - n)) & 1 : (b >>> (32 - n)) & 1;
    } else {
      const wide = ((b << 16) | a) >>> 0;
      r = ((wide >>> n) | (n > 16 ? b << (32 - n) : 0)) & m;
      cf = n <= 16 ? (a >>> (n - 1)) & 1 : (b >>> (n - 17)) & 1;
    }
  }
  r &= m;
  return shiftResult(c, r, size, cf, ((r ^ a) >>> top) & 1);
}

/** SHLD/SHRD r/m, reg, imm8|CL. i.op: 0 = SHLD, 1 = SHRD; i.imm2 = 1 when the count is CL. */
export const doubleShiftRm: Handler = (c, i) => {
  const s = i.size;
  const count = (i.imm2 === 1 ? c.r8[4] : i.imm) & 0x1f;
  const b = c.getReg(s, i.reg);
  if (i.mod3) {
    if (count !== 0) c.setReg(s, i.rm, doubleShift(c, i.op === 0, c.getReg(s, i.rm), b, count, s));
  } else {
    const off = ea(c, i);
    const a = c.read(s, i.seg, off);
    if (count !== 0) c.write(s, i.seg, off, doubleShift(c, i.op === 0, a, b, count, s));
  }
};
