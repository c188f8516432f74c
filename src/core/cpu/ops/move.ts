// Data movement: MOV in all forms (including segment registers), MOVZX/MOVSX, XCHG, LEA, CMOVcc,
// XADD, CMPXCHG, CMPXCHG8B, CBW/CWDE, CWD/CDQ, LAHF/SAHF, XLAT, LDS/LES/LFS/LGS/LSS and BOUND.
// Memory-form handlers compute the effective address once and check every access before the
// first write, so a fault leaves registers and memory as they were.
import type { Handler } from '../insn';
import { setLazy, testCC, OP_ADD, OP_SUB, MASKS } from '../flags';
import { EAX, ECX, EDX, EBX, ZF, SS, CS } from '../regs';
import { fault, ud, BR } from '../fault';
import { loadSegment } from '../segments';
import { ea, signExtend } from './operands';

// ---- MOV

export const movRmReg: Handler = (c, i) => {
  const v = c.getReg(i.size, i.reg);
  if (i.mod3) c.setReg(i.size, i.rm, v);
  else c.write(i.size, i.seg, ea(c, i), v);
};
export const mov32RR: Handler = (c, i) => {
  c.r32[i.rm] = c.r32[i.reg];
};
export const mov32MR: Handler = (c, i) => {
  c.write32(i.seg, ea(c, i), c.r32[i.reg]);
};
export const movRegRm: Handler = (c, i) => {
  c.setReg(i.size, i.reg, i.mod3 ? c.getReg(i.size, i.rm) : c.read(i.size, i.seg, ea(c, i)));
};
export const mov32RM: Handler = (c, i) => {
  c.r32[i.reg] = c.read32(i.seg, ea(c, i));
};
/** B0-BF (register in i.reg) */
export const movRegImm: Handler = (c, i) => {
  c.setReg(i.size, i.reg, i.imm);
};
export const mov32RegImm: Handler = (c, i) => {
  c.r32[i.reg] = i.imm;
};
/** C6/C7 /0 */
export const movRmImm: Handler = (c, i) => {
  if (i.mod3) c.setReg(i.size, i.rm, i.imm);
  else c.write(i.size, i.seg, ea(c, i), i.imm);
};
/** A0/A1: AL/eAX <- moffs */
export const movAccMoffs: Handler = (c, i) => {
  c.setReg(i.size, EAX, c.read(i.size, i.seg, ea(c, i)));
};
/** A2/A3: moffs <- AL/eAX */
export const movMoffsAcc: Handler = (c, i) => {
  c.write(i.size, i.seg, ea(c, i), c.getReg(i.size, EAX));
};
/** 8C: r/m16 <- Sreg (a register destination with 32-bit operand size is zero-extended). */
export const movRmSreg: Handler = (c, i) => {
  if (i.reg > 5) ud();
  const v = c.sel[i.reg];
  if (i.mod3) c.setReg(i.size, i.rm, v);
  else c.write16(i.seg, ea(c, i), v);
};
/** 8E: Sreg <- r/m16 (not CS). MOV SS holds off interrupts for one instruction. */
export const movSregRm: Handler = (c, i) => {
  if (i.reg > 5 || i.reg === CS) ud();
  const v = i.mod3 ? c.r16[i.rm << 1] : c.read16(i.seg, ea(c, i));
  loadSegment(c, i.reg, v);
  if (i.reg === SS) c.holdInterrupts();
};

export const movzx: Handler = (c, i) => {
  const v = i.mod3 ? c.getReg(i.imm2, i.rm) : c.read(i.imm2, i.seg, ea(c, i));
  c.setReg(i.size, i.reg, v);
};
export const movsx: Handler = (c, i) => {
  const v = i.mod3 ? c.getReg(i.imm2, i.rm) : c.read(i.imm2, i.seg, ea(c, i));
  c.setReg(i.size, i.reg, signExtend(v, i.imm2) & MASKS[i.size]);
};

export const lea: Handler = (c, i) => {
  if (i.mod3) ud();
  c.setReg(i.size, i.reg, ea(c, i));
};

// ---- exchange and compare-exchange

export const xchgRmReg: Handler = (c, i) => {
  const s = i.size;
  const r = c.getReg(s, i.reg);
  if (i.mod3) {
    c.setReg(s, i.reg, c.getReg(s, i.rm));
    c.setReg(s, i.rm, r);
  } else {
    const off = ea(c, i);
    const m = c.read(s, i.seg, off);
    c.write(s, i.seg, off, r);
    c.setReg(s, i.reg, m);
  }
};
/** 91-97: XCHG eAX, reg */
export const xchgAccReg: Handler = (c, i) => {
  const a = c.getReg(i.size, EAX);
  c.setReg(i.size, EAX, c.getReg(i.size, i.reg));
  c.setReg(i.size, i.reg, a);
};

export const cmovcc: Handler = (c, i) => {
  const v = i.mod3 ? c.getReg(i.size, i.rm) : c.read(i.size, i.seg, ea(c, i));
  if (testCC(c, i.op)) c.setReg(i.size, i.reg, v);
};

export const xadd: Handler = (c, i) => {
  const s = i.size;
  const src = c.getReg(s, i.reg);
  if (i.mod3) {
    const d = c.getReg(s, i.rm);
    const r = (d + src) & MASKS[s];
    c.setReg(s, i.reg, d);
    c.setReg(s, i.rm, r);
    setLazy(c, OP_ADD, d, src, r, s);
  } else {
    const off = ea(c, i);
    const d = c.read(s, i.seg, off);
    const r = (d + src) & MASKS[s];
    c.write(s, i.seg, off, r);
    c.setReg(s, i.reg, d);
    setLazy(c, OP_ADD, d, src, r, s);
  }
};

export const cmpxchg: Handler = (c, i) => {
  const s = i.size;
  const acc = c.getReg(s, EAX);
  const off = i.mod3 ? 0 : ea(c, i);
  const d = i.mod3 ? c.getReg(s, i.rm) : c.read(s, i.seg, off);
  setLazy(c, OP_SUB, acc, d, (acc - d) & MASKS[s], s);
  if (acc === d) {
    const v = c.getReg(s, i.reg);
    if (i.mod3) c.setReg(s, i.rm, v);
    else c.write(s, i.seg, off, v);
  } else {
    if (!i.mod3) c.write(s, i.seg, off, d); // the destination is always written back
    c.setReg(s, EAX, d);
  }
};

/** 0F C7 /1 (memory only) */
export const cmpxchg8b: Handler = (c, i) => {
  if (i.mod3) ud();
  const off = ea(c, i);
  const lo = c.read32(i.seg, off);
  const hi = c.read32(i.seg, off + 4);
  c.getEflags();
  if (lo === c.r32[EAX] && hi === c.r32[EDX]) {
    c.probeWrite(i.seg, off, 8);
    c.write32(i.seg, off, c.r32[EBX]);
    c.write32(i.seg, off + 4, c.r32[ECX]);
    c.flags |= ZF;
  } else {
    c.probeWrite(i.seg, off, 8);
    c.write32(i.seg, off, lo);
    c.write32(i.seg, off + 4, hi);
    c.r32[EAX] = lo;
    c.r32[EDX] = hi;
    c.flags &= ~ZF;
  }
};

// ---- conversions, AH <-> flags, XLAT

/** 98: CBW (16) / CWDE (32) */
export const cbw: Handler = (c, i) => {
  if (i.size === 2) c.r16[0] = (c.r8[0] << 24) >> 24;
  else c.r32[EAX] = (c.r16[0] << 16) >> 16;
};
/** 99: CWD (16) / CDQ (32) */
export const cwd: Handler = (c, i) => {
  if (i.size === 2) c.r16[EDX << 1] = (c.r16[0] << 16) >> 31;
  else c.r32[EDX] = c.r32[EAX] >> 31;
};
export const lahf: Handler = (c) => {
  c.r8[1] = (c.getEflags() & 0xd5) | 2;
};
export const sahf: Handler = (c) => {
  c.getEflags();
  c.flags = (c.flags & ~0xd5) | (c.r8[1] & 0xd5);
};
export const xlat: Handler = (c, i) => {
  const off = i.asize === 4 ? (c.r32[EBX] + c.r8[0]) | 0 : (c.r16[EBX << 1] + c.r8[0]) & 0xffff;
  c.r8[0] = c.read8(i.seg, off);
};

// ---- far pointers and BOUND

/** C4/C5/0F B2/B4/B5: LES/LDS/LSS/LFS/LGS reg, m16:16|32 (segment in i.op). */
export const loadFarPointer: Handler = (c, i) => {
  if (i.mod3) ud();
  const off = ea(c, i);
  const o = c.read(i.size, i.seg, off);
  const sel = c.read16(i.seg, off + i.size);
  loadSegment(c, i.op, sel);
  c.setReg(i.size, i.reg, o);
};

/** 62: BOUND reg, m16&16|m32&32 -> #BR when out of range. */
export const bound: Handler = (c, i) => {
  if (i.mod3) ud();
  const off = ea(c, i);
  const lo = signExtend(c.read(i.size, i.seg, off), i.size);
  const hi = signExtend(c.read(i.size, i.seg, off + i.size), i.size);
  const v = signExtend(c.getReg(i.size, i.reg), i.size);
  if (v < lo || v > hi) fault(BR);
};
