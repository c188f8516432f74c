// Operand access shared by all handlers: effective address of the ModRM memory operand and
// size-generic reads/writes of the r/m and reg operands. Sizes are bytes (1, 2, 4); 8-bit
// register numbers use the x86 encoding (AL CL DL BL AH CH DH BH), handled by Cpu.getReg.
import type { Cpu } from '../cpu';
import type { Insn } from '../insn';

/** Offset (within the segment i.seg) of the memory operand; wraps to 16 bits for 16-bit addressing. */
export function ea(c: Cpu, i: Insn): number {
  let a = i.disp;
  if (i.base >= 0) a += c.r32[i.base];
  if (i.index >= 0) a += c.r32[i.index] << i.scale;
  return i.asize === 4 ? a | 0 : a & 0xffff;
}

export function readRm(c: Cpu, i: Insn): number {
  return i.mod3 ? c.getReg(i.size, i.rm) : c.read(i.size, i.seg, ea(c, i));
}

export function writeRm(c: Cpu, i: Insn, v: number): void {
  if (i.mod3) c.setReg(i.size, i.rm, v);
  else c.write(i.size, i.seg, ea(c, i), v);
}

export function readRegOp(c: Cpu, i: Insn): number {
  return c.getReg(i.size, i.reg);
}

export function writeRegOp(c: Cpu, i: Insn, v: number): void {
  c.setReg(i.size, i.reg, v);
}

/** Sign-extend the low `size` bytes of v to int32. */
export function signExtend(v: number, size: number): number {
  return size === 4 ? v | 0 : size === 2 ? (v << 16) >> 16 : (v << 24) >> 24;
}

export const SIZE_MASK = [0, 0xff, 0xffff, 0, -1];
