// A decoded instruction. The decoder fills one Insn per instruction once; the run loop then
// calls `exec(cpu, insn)` every time it runs, so handlers read operands from these fields
// instead of re-parsing bytes. All Insn objects share one shape (every field initialised in the
// constructor) so property access in handlers stays monomorphic.
import type { Cpu } from './cpu';

export type Handler = (c: Cpu, i: Insn) => void;

export const REP_NONE = 0, REP_E = 1, REP_NE = 2;

export class Insn {
  exec: Handler = noHandler;
  /** EIP of the first byte (prefixes included) and of the next instruction. */
  eip = 0;
  next = 0;
  /**
   * Where its block continues after it: `next`, or for a CALL/JMP rel the block follows
   * (decodeBlock), the target. EIP differing from it after the instruction leaves the block.
   */
  cont = 0;
  len = 0;
  /** Primary opcode: 0x00-0xff, 0x100-0x1ff for 0F xx. */
  opcode = 0;
  /** Sub-operation chosen at decode (ALU op, condition code, group /reg, ...). */
  op = 0;
  /** Operand size in bytes (1, 2 or 4) and address size (2 or 4). */
  size = 4;
  asize = 4;
  /** ModRM reg field (0-7) and, for register forms, the rm register (0-7). */
  reg = 0;
  rm = 0;
  /** True when the r/m operand is a register (mod = 3). */
  mod3 = false;
  hasModrm = false;
  /** ModRM mod field and whether a SIB byte was present (for the disassembler). */
  mod = 0;
  hasSib = false;
  /** Memory operand: base and index register (-1 when absent), scale shift, displacement, segment. */
  base = -1;
  index = -1;
  scale = 0;
  disp = 0;
  seg = 3;
  /** Segment override prefix (-1 when none). */
  segOverride = -1;
  imm = 0;
  imm2 = 0;
  rep = REP_NONE;
  lock = false;
  /** Cycles charged each time the instruction runs (string ops add per element). */
  cost = 1;
  /** Number of prefix bytes (for decoder-step accounting and the objdump test). */
  prefixes = 0;
}

const noHandler: Handler = () => {
  throw new Error('instruction without handler');
};
