// Bit instructions: BT/BTS/BTR/BTC (register and imm8 bit offsets), BSF/BSR, SETcc, BSWAP.
// With a memory operand and a register bit offset, the offset is signed and selects the word or
// dword at ea + size * (offset >> log2(bits)), as the SDM specifies; with imm8 it is taken modulo
// the operand width. Only CF (BTx) or ZF (BSF/BSR) are defined; other flags are left unchanged.
import type { Cpu } from '../cpu';
import type { Handler } from '../insn';
import { setCF, testCC } from '../flags';
import { ZF } from '../regs';
import { ea, signExtend } from './operands';

function bitOp(c: Cpu, op: number, v: number, bit: number): number {
  const mask = 1 << bit;
  setCF(c, (v & mask) !== 0);
  switch (op) {
    case 1: return v | mask;
    case 2: return v & ~mask;
    case 3: return v ^ mask;
    default: return v;
  }
}

/** 0F A3/AB/B3/BB: BTx r/m, reg (i.op 0-3 = BT, BTS, BTR, BTC). */
export const btRmReg: Handler = (c, i) => {
  const s = i.size;
  const bits = s * 8;
  const offset = signExtend(c.getReg(s, i.reg), s);
  if (i.mod3) {
    const r = bitOp(c, i.op, c.getReg(s, i.rm), offset & (bits - 1));
    if (i.op !== 0) c.setReg(s, i.rm, r);
    return;
  }
  const shift = s === 4 ? 5 : 4;
  let off = ea(c, i) + (offset >> shift) * s;
  off = i.asize === 4 ? off | 0 : off & 0xffff;
  const r = bitOp(c, i.op, c.read(s, i.seg, off), offset & (bits - 1));
  if (i.op !== 0) c.write(s, i.seg, off, r);
};

/** 0F BA /4-/7: BTx r/m, imm8 (i.op 0-3). */
export const btRmImm: Handler = (c, i) => {
  const s = i.size;
  const bit = i.imm & (s * 8 - 1);
  if (i.mod3) {
    const r = bitOp(c, i.op, c.getReg(s, i.rm), bit);
    if (i.op !== 0) c.setReg(s, i.rm, r);
  } else {
    const off = ea(c, i);
    const r = bitOp(c, i.op, c.read(s, i.seg, off), bit);
    if (i.op !== 0) c.write(s, i.seg, off, r);
  }
};

/** 0F BC / BD: BSF / BSR (i.op 0 / 1). A zero source sets ZF and leaves the destination. */
export const bitScan: Handler = (c, i) => {
  const v = i.mod3 ? c.getReg(i.size, i.rm) : c.read(i.size, i.seg, ea(c, i));
  c.getEflags();
  if (v === 0) {
    c.flags |= ZF;
    return;
  }
  c.flags &= ~ZF;
  const idx = i.op === 0 ? 31 - Math.clz32(v & -v) : 31 - Math.clz32(v);
  c.setReg(i.size, i.reg, idx);
};

/** 0F 90-9F: SETcc r/m8 (i.op = condition). */
export const setcc: Handler = (c, i) => {
  const v = testCC(c, i.op) ? 1 : 0;
  if (i.mod3) c.setReg(1, i.rm, v);
  else c.write8(i.seg, ea(c, i), v);
};

/** 0F C8+r: BSWAP r32 (register in i.reg). */
export const bswap: Handler = (c, i) => {
  const v = c.r32[i.reg];
  c.r32[i.reg] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
};
