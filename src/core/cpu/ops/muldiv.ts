// MUL, IMUL (one-, two- and three-operand forms), DIV and IDIV. 32x32->64 products are built
// from 16-bit halves so no precision is lost in doubles; 64/32 division uses doubles when the
// dividend fits 53 bits and BigInt otherwise (rare, off the hot path). Division by zero or a
// quotient that does not fit raises #DE with nothing written. After MUL/IMUL, CF = OF = "the high
// half is significant"; SF/ZF/PF follow the low half (architecturally undefined), AF is left.
import type { Cpu } from '../cpu';
import type { Handler } from '../insn';
import { setLazyResult, MASKS } from '../flags';
import { CF, OF, EAX, EDX } from '../regs';
import { fault, DE } from '../fault';
import { ea, signExtend } from './operands';

/** High dword of the last mul32 call. */
let mulHi = 0;

/** Unsigned 32x32 multiply: returns the low dword (int32), high dword in mulHi. */
function mulU32(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  mulHi = (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
  return ((mid << 16) | (ll & 0xffff)) | 0;
}

/** Signed 32x32 multiply: low dword returned, high dword in mulHi. */
function mulS32(a: number, b: number): number {
  const lo = mulU32(a >>> 0, b >>> 0);
  mulHi = (mulHi - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
  return lo;
}

function mulFlags(c: Cpu, low: number, size: number, overflow: boolean): void {
  setLazyResult(c, low & MASKS[size], size);
  c.flags = overflow ? c.flags | CF | OF : c.flags & ~(CF | OF);
}

function readSrc(c: Cpu, i: Parameters<Handler>[1]): number {
  return i.mod3 ? c.getReg(i.size, i.rm) : c.read(i.size, i.seg, ea(c, i));
}

/** F6/F7 /4 MUL */
export const mulRm: Handler = (c, i) => {
  const b = readSrc(c, i);
  if (i.size === 1) {
    const p = c.r8[0] * b;
    c.r16[0] = p;
    mulFlags(c, p, 1, p > 0xff);
  } else if (i.size === 2) {
    const p = c.r16[0] * b;
    c.r16[0] = p;
    c.r16[EDX << 1] = p >>> 16;
    mulFlags(c, p, 2, p > 0xffff);
  } else {
    const lo = mulU32(c.r32[EAX] >>> 0, b >>> 0);
    c.r32[EAX] = lo;
    c.r32[EDX] = mulHi;
    mulFlags(c, lo, 4, mulHi !== 0);
  }
};

/** F6/F7 /5 IMUL (one operand) */
export const imulRm: Handler = (c, i) => {
  const b = signExtend(readSrc(c, i), i.size);
  if (i.size === 1) {
    const p = ((c.r8[0] << 24) >> 24) * b;
    c.r16[0] = p;
    mulFlags(c, p, 1, p !== (p << 24) >> 24);
  } else if (i.size === 2) {
    const p = ((c.r16[0] << 16) >> 16) * b;
    c.r16[0] = p;
    c.r16[EDX << 1] = p >> 16;
    mulFlags(c, p, 2, p !== (p << 16) >> 16);
  } else {
    const lo = mulS32(c.r32[EAX], b);
    c.r32[EAX] = lo;
    c.r32[EDX] = mulHi;
    mulFlags(c, lo, 4, mulHi !== lo >> 31);
  }
};

function imulTrunc(c: Cpu, a: number, b: number, size: number): number {
  if (size === 4) {
    const lo = mulS32(a, b);
    mulFlags(c, lo, 4, mulHi !== lo >> 31);
    return lo;
  }
  const p = a * b;
  const r = (p << 16) >> 16;
  mulFlags(c, p, 2, p !== r);
  return p & 0xffff;
}

/** 0F AF: IMUL reg, r/m */
export const imulRegRm: Handler = (c, i) => {
  const b = signExtend(readSrc(c, i), i.size);
  c.setReg(i.size, i.reg, imulTrunc(c, signExtend(c.getReg(i.size, i.reg), i.size), b, i.size));
};

/** 69 / 6B: IMUL reg, r/m, imm (imm already sign-extended to int32). */
export const imulRegRmImm: Handler = (c, i) => {
  const a = signExtend(readSrc(c, i), i.size);
  c.setReg(i.size, i.reg, imulTrunc(c, a, signExtend(i.imm, i.size), i.size));
};

/** F6/F7 /6 DIV */
export const divRm: Handler = (c, i) => {
  const d = readSrc(c, i) >>> 0;
  if (d === 0) fault(DE);
  if (i.size === 1) {
    const n = c.r16[0];
    const q = Math.floor(n / d);
    if (q > 0xff) fault(DE);
    c.r8[0] = q;
    c.r8[1] = n % d;
  } else if (i.size === 2) {
    const n = ((c.r16[EDX << 1] << 16) | c.r16[0]) >>> 0;
    const q = Math.floor(n / d);
    if (q > 0xffff) fault(DE);
    c.r16[0] = q;
    c.r16[EDX << 1] = n % d;
  } else {
    const hi = c.r32[EDX] >>> 0, lo = c.r32[EAX] >>> 0;
    if (hi >= d) fault(DE);
    if (hi < 0x200000) {
      const n = hi * 4294967296 + lo;
      c.r32[EAX] = Math.floor(n / d);
      c.r32[EDX] = n % d;
    } else {
      const n = (BigInt(hi) << 32n) | BigInt(lo);
      const bd = BigInt(d);
      c.r32[EAX] = Number(n / bd);
      c.r32[EDX] = Number(n % bd);
    }
  }
};

/** F6/F7 /7 IDIV */
export const idivRm: Handler = (c, i) => {
  const d = signExtend(readSrc(c, i), i.size);
  if (d === 0) fault(DE);
  if (i.size === 1) {
    const n = (c.r16[0] << 16) >> 16;
    const q = Math.trunc(n / d);
    if (q > 127 || q < -128) fault(DE);
    c.r8[0] = q;
    c.r8[1] = n % d;
  } else if (i.size === 2) {
    const n = (c.r16[EDX << 1] << 16) | c.r16[0];
    const q = Math.trunc(n / d);
    if (q > 32767 || q < -32768) fault(DE);
    c.r16[0] = q;
    c.r16[EDX << 1] = n % d;
  } else {
    const hi = c.r32[EDX], lo = c.r32[EAX];
    let q: number, r: number;
    if (hi === lo >> 31) {
      q = Math.trunc(lo / d);
      r = lo % d;
    } else {
      const n = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
      const bd = BigInt(d);
      const bq = n / bd;
      if (bq > 2147483647n || bq < -2147483648n) fault(DE);
      q = Number(bq);
      r = Number(n % bd);
    }
    if (q > 2147483647 || q < -2147483648) fault(DE);
    c.r32[EAX] = q;
    c.r32[EDX] = r;
  }
};
