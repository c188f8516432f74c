// Lazy arithmetic flags. An arithmetic instruction records its operation (lOp), operands (lA, lB),
// result (lR) and operand width (lMask, lSign) and sets `lazy` to the flags it defines; a flag is
// computed only when something reads it (Jcc, SETcc, PUSHF, ...).
// Invariants the code relies on:
//   - lA, lB, lR are already masked to the operand width (lR & lMask === lR for 8/16-bit; 32-bit
//     values are int32, and unsigned comparisons go through >>> 0);
//   - a flag bit set in `lazy` is stale in `flags`; a flag bit clear in `lazy` is exact in `flags`;
//   - for ADC/SBB the carry-in is recoverable as (lR - lA - lB) & lMask (resp. (lA - lB - lR)).
import type { Cpu } from './cpu';
import { CF, PF, AF, ZF, SF, OF, ARITH_FLAGS } from './regs';

export const OP_ADD = 0, OP_ADC = 1, OP_SUB = 2, OP_SBB = 3, OP_LOGIC = 4, OP_INC = 5, OP_DEC = 6;

/** Lazy set when only the result-derived flags are lazy (shifts, multiplies): ZF, SF, PF. */
export const RESULT_FLAGS = PF | ZF | SF;

export const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let b = i;
  b ^= b >> 4;
  b ^= b >> 2;
  b ^= b >> 1;
  PARITY[i] = (b & 1) === 0 ? PF : 0;
}

export const MASKS = [0, 0xff, 0xffff, 0, -1];
export const SIGNS = [0, 0x80, 0x8000, 0, -0x80000000];

export function setLazy(c: Cpu, op: number, a: number, b: number, r: number, size: number): void {
  c.lOp = op;
  c.lA = a;
  c.lB = b;
  c.lR = r;
  c.lMask = MASKS[size];
  c.lSign = SIGNS[size];
  c.lazy = ARITH_FLAGS;
}

/**
 * Lazy ZF/SF/PF from a result, and CF, OF, AF cleared: callers (shifts, multiplies, BCD) then set
 * CF/OF/AF eagerly where they are defined; where the SDM leaves AF undefined it reads as 0.
 */
export function setLazyResult(c: Cpu, r: number, size: number): void {
  c.flags &= ~ARITH_FLAGS;
  c.lOp = OP_LOGIC;
  c.lR = r;
  c.lMask = MASKS[size];
  c.lSign = SIGNS[size];
  c.lazy = RESULT_FLAGS;
}

function lazyCF(c: Cpu): boolean {
  const a = c.lA >>> 0, b = c.lB >>> 0, r = c.lR >>> 0;
  switch (c.lOp) {
    case OP_ADD:
      return r < a;
    case OP_ADC:
      return ((c.lR - c.lA - c.lB) & c.lMask) !== 0 ? r <= a : r < a;
    case OP_SUB:
      return a < b;
    case OP_SBB:
      return ((c.lA - c.lB - c.lR) & c.lMask) !== 0 ? a <= b : a < b;
    default:
      return false;
  }
}

function lazyOF(c: Cpu): boolean {
  const a = c.lA, b = c.lB, r = c.lR;
  switch (c.lOp) {
    case OP_ADD:
    case OP_ADC:
      return ((a ^ r) & (b ^ r) & c.lSign) !== 0;
    case OP_SUB:
    case OP_SBB:
      return ((a ^ b) & (a ^ r) & c.lSign) !== 0;
    case OP_INC:
      return r === c.lSign;
    case OP_DEC:
      return r === ((c.lSign - 1) & c.lMask);
    default:
      return false;
  }
}

export function getCF(c: Cpu): boolean {
  return (c.lazy & CF) !== 0 ? lazyCF(c) : (c.flags & CF) !== 0;
}
export function getZF(c: Cpu): boolean {
  return (c.lazy & ZF) !== 0 ? c.lR === 0 : (c.flags & ZF) !== 0;
}
export function getSF(c: Cpu): boolean {
  return (c.lazy & SF) !== 0 ? (c.lR & c.lSign) !== 0 : (c.flags & SF) !== 0;
}
export function getOF(c: Cpu): boolean {
  return (c.lazy & OF) !== 0 ? lazyOF(c) : (c.flags & OF) !== 0;
}
export function getPF(c: Cpu): boolean {
  return (c.lazy & PF) !== 0 ? PARITY[c.lR & 0xff] !== 0 : (c.flags & PF) !== 0;
}
export function getAF(c: Cpu): boolean {
  if ((c.lazy & AF) === 0) return (c.flags & AF) !== 0;
  return c.lOp === OP_LOGIC ? false : ((c.lA ^ c.lB ^ c.lR) & 0x10) !== 0;
}

/** Fold every lazy flag into `flags` and clear `lazy`. */
export function materializeFlags(c: Cpu): void {
  const lz = c.lazy;
  let f = c.flags & ~lz;
  if ((lz & CF) !== 0 && lazyCF(c)) f |= CF;
  if ((lz & PF) !== 0) f |= PARITY[c.lR & 0xff];
  if ((lz & AF) !== 0 && c.lOp !== OP_LOGIC && ((c.lA ^ c.lB ^ c.lR) & 0x10) !== 0) f |= AF;
  if ((lz & ZF) !== 0 && c.lR === 0) f |= ZF;
  if ((lz & SF) !== 0 && (c.lR & c.lSign) !== 0) f |= SF;
  if ((lz & OF) !== 0 && lazyOF(c)) f |= OF;
  c.flags = f;
  c.lazy = 0;
}

/** Set CF to a known value (CLC/STC/CMC, shifts), keeping other lazy flags lazy. */
export function setCF(c: Cpu, on: boolean): void {
  if ((c.lazy & CF) !== 0) materializeFlags(c);
  c.flags = on ? c.flags | CF : c.flags & ~CF;
}

/** Evaluate condition code cc (0-15, the low nibble of Jcc/SETcc/CMOVcc). */
export function testCC(c: Cpu, cc: number): boolean {
  let r: boolean;
  switch (cc >> 1) {
    case 0: r = getOF(c); break;
    case 1: r = getCF(c); break;
    case 2: r = getZF(c); break;
    case 3: r = getCF(c) || getZF(c); break;
    case 4: r = getSF(c); break;
    case 5: r = getPF(c); break;
    case 6: r = getSF(c) !== getOF(c); break;
    default: r = getZF(c) || getSF(c) !== getOF(c); break;
  }
  return (cc & 1) !== 0 ? !r : r;
}
