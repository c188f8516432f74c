// Integer arithmetic and logic: the eight ALU operations (ADD OR ADC SBB AND SUB XOR CMP) in all
// their encodings, TEST, INC/DEC, NEG/NOT. `alu` computes one operation and records lazy flags;
// handlers only fetch operands and store results. 32-bit register and memory forms have their
// own handlers because they dominate compiled code; other sizes share the generic ones.
import type { Cpu } from '../cpu';
import type { Handler, Insn } from '../insn';
import { setLazy, getCF, OP_ADD, OP_ADC, OP_SUB, OP_SBB, OP_LOGIC, OP_INC, OP_DEC, MASKS } from '../flags';
import { ARITH_FLAGS, CF } from '../regs';
import { ea } from './operands';

export const ALU_ADD = 0, ALU_OR = 1, ALU_ADC = 2, ALU_SBB = 3, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7;
export const ALU_NAMES = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];

/** One ALU operation on masked operands of `size` bytes; returns the masked result (CMP: a - b). */
export function alu(c: Cpu, op: number, a: number, b: number, size: number): number {
  const m = MASKS[size];
  let r: number;
  switch (op) {
    case ALU_ADD:
      r = (a + b) & m;
      setLazy(c, OP_ADD, a, b, r, size);
      return r;
    case ALU_OR:
      r = (a | b) & m;
      setLazy(c, OP_LOGIC, a, b, r, size);
      return r;
    case ALU_ADC:
      r = (a + b + (getCF(c) ? 1 : 0)) & m;
      setLazy(c, OP_ADC, a, b, r, size);
      return r;
    case ALU_SBB:
      r = (a - b - (getCF(c) ? 1 : 0)) & m;
      setLazy(c, OP_SBB, a, b, r, size);
      return r;
    case ALU_AND:
      r = a & b & m;
      setLazy(c, OP_LOGIC, a, b, r, size);
      return r;
    case ALU_XOR:
      r = (a ^ b) & m;
      setLazy(c, OP_LOGIC, a, b, r, size);
      return r;
    default: // SUB, CMP
      r = (a - b) & m;
      setLazy(c, OP_SUB, a, b, r, size);
      return r;
  }
}

// ---- op r/m, reg  (00 01 08 09 ... 38 39)

export const aluRmReg: Handler = (c, i) => {
  const s = i.size;
  if (i.mod3) {
    const r = alu(c, i.op, c.getReg(s, i.rm), c.getReg(s, i.reg), s);
    if (i.op !== ALU_CMP) c.setReg(s, i.rm, r);
  } else {
    const off = ea(c, i);
    const r = alu(c, i.op, c.read(s, i.seg, off), c.getReg(s, i.reg), s);
    if (i.op !== ALU_CMP) c.write(s, i.seg, off, r);
  }
};

export const alu32RmRegR: Handler = (c, i) => {
  const r = alu(c, i.op, c.r32[i.rm], c.r32[i.reg], 4);
  if (i.op !== ALU_CMP) c.r32[i.rm] = r;
};

export const alu32RmRegM: Handler = (c, i) => {
  const off = ea(c, i);
  const r = alu(c, i.op, c.read32(i.seg, off), c.r32[i.reg], 4);
  if (i.op !== ALU_CMP) c.write32(i.seg, off, r);
};

// ---- op reg, r/m  (02 03 0A 0B ... 3A 3B)

export const aluRegRm: Handler = (c, i) => {
  const s = i.size;
  const b = i.mod3 ? c.getReg(s, i.rm) : c.read(s, i.seg, ea(c, i));
  const r = alu(c, i.op, c.getReg(s, i.reg), b, s);
  if (i.op !== ALU_CMP) c.setReg(s, i.reg, r);
};

export const alu32RegRmM: Handler = (c, i) => {
  const r = alu(c, i.op, c.r32[i.reg], c.read32(i.seg, ea(c, i)), 4);
  if (i.op !== ALU_CMP) c.r32[i.reg] = r;
};

// ---- op AL/eAX, imm  (04 05 ... 3C 3D) and op r/m, imm (80 81 83): imm is pre-masked

export const aluAccImm: Handler = (c, i) => {
  const r = alu(c, i.op, c.getReg(i.size, 0), i.imm, i.size);
  if (i.op !== ALU_CMP) c.setReg(i.size, 0, r);
};

export const aluRmImm: Handler = (c, i) => {
  const s = i.size;
  if (i.mod3) {
    const r = alu(c, i.op, c.getReg(s, i.rm), i.imm, s);
    if (i.op !== ALU_CMP) c.setReg(s, i.rm, r);
  } else {
    const off = ea(c, i);
    const r = alu(c, i.op, c.read(s, i.seg, off), i.imm, s);
    if (i.op !== ALU_CMP) c.write(s, i.seg, off, r);
  }
};

export const alu32RmImmR: Handler = (c, i) => {
  const r = alu(c, i.op, c.r32[i.rm], i.imm, 4);
  if (i.op !== ALU_CMP) c.r32[i.rm] = r;
};

export const alu32RmImmM: Handler = (c, i) => {
  const off = ea(c, i);
  const r = alu(c, i.op, c.read32(i.seg, off), i.imm, 4);
  if (i.op !== ALU_CMP) c.write32(i.seg, off, r);
};

// ---- TEST

export const testRmReg: Handler = (c, i) => {
  const s = i.size;
  const a = i.mod3 ? c.getReg(s, i.rm) : c.read(s, i.seg, ea(c, i));
  alu(c, ALU_AND, a, c.getReg(s, i.reg), s);
};

export const testRmImm: Handler = (c, i) => {
  const s = i.size;
  const a = i.mod3 ? c.getReg(s, i.rm) : c.read(s, i.seg, ea(c, i));
  alu(c, ALU_AND, a, i.imm, s);
};

export const testAccImm: Handler = (c, i) => {
  alu(c, ALU_AND, c.getReg(i.size, 0), i.imm, i.size);
};

// ---- INC / DEC (CF unchanged)

/** Make CF exact in c.flags before a lazy update that leaves CF out (the other stale bits are re-covered). */
export function keepCarry(c: Cpu): void {
  c.flags = (c.flags & ~CF) | (getCF(c) ? CF : 0);
}

function incDec(c: Cpu, a: number, dec: boolean, size: number): number {
  if ((c.lazy & CF) !== 0) keepCarry(c);
  const r = (dec ? a - 1 : a + 1) & MASKS[size];
  setLazy(c, dec ? OP_DEC : OP_INC, a, 1, r, size);
  c.lazy = ARITH_FLAGS & ~CF;
  return r;
}

/** 40-4F: INC/DEC reg (op = 0 inc, 1 dec; register in i.reg). */
export const incDecReg: Handler = (c, i) => {
  c.setReg(i.size, i.reg, incDec(c, c.getReg(i.size, i.reg), i.op === 1, i.size));
};

export const incDec32Reg: Handler = (c, i) => {
  c.r32[i.reg] = incDec(c, c.r32[i.reg], i.op === 1, 4);
};

/** FE/FF /0 /1 */
export const incDecRm: Handler = (c, i) => {
  const s = i.size;
  if (i.mod3) c.setReg(s, i.rm, incDec(c, c.getReg(s, i.rm), i.op === 1, s));
  else {
    const off = ea(c, i);
    c.write(s, i.seg, off, incDec(c, c.read(s, i.seg, off), i.op === 1, s));
  }
};

// ---- NOT / NEG (F6/F7 /2 /3)

export const notRm: Handler = (c, i) => {
  const s = i.size;
  if (i.mod3) c.setReg(s, i.rm, ~c.getReg(s, i.rm) & MASKS[s]);
  else {
    const off = ea(c, i);
    c.write(s, i.seg, off, ~c.read(s, i.seg, off) & MASKS[s]);
  }
};

export const negRm: Handler = (c, i) => {
  const s = i.size;
  if (i.mod3) c.setReg(s, i.rm, alu(c, ALU_SUB, 0, c.getReg(s, i.rm), s));
  else {
    const off = ea(c, i);
    c.write(s, i.seg, off, alu(c, ALU_SUB, 0, c.read(s, i.seg, off), s));
  }
};

/** Pick the handler for an ALU r/m,reg / reg,r/m / r/m,imm form. */
export function pickAlu(i: Insn, form: 'rmreg' | 'regrm' | 'rmimm'): Handler {
  if (form === 'rmreg') return i.size === 4 ? (i.mod3 ? alu32RmRegR : alu32RmRegM) : aluRmReg;
  if (form === 'regrm') return i.size === 4 ? (i.mod3 ? alu32RmRegRSwap : alu32RegRmM) : aluRegRm;
  return i.size === 4 ? (i.mod3 ? alu32RmImmR : alu32RmImmM) : aluRmImm;
}

/** reg, r/m with a register source: same as r/m, reg with the roles swapped. */
const alu32RmRegRSwap: Handler = (c, i) => {
  const r = alu(c, i.op, c.r32[i.reg], c.r32[i.rm], 4);
  if (i.op !== ALU_CMP) c.r32[i.reg] = r;
};
