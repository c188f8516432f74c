// Stack instructions: PUSH/POP of registers, immediates, r/m and segment registers, PUSHA/POPA,
// PUSHF/POPF (with the CPL/IOPL rules), ENTER/LEAVE. The stack width follows SS.B (Cpu.ssMask)
// and the operand size follows the instruction. Multi-slot forms save ESP/EBP and restore them
// if an access faults part way, so a fault leaves the registers as they were.
import type { Cpu } from '../cpu';
import type { Handler } from '../insn';
import { ESP, EBP, SS, VM, RF } from '../regs';
import { loadSegment } from '../segments';
import { writeFlagsPrivileged } from '../interrupts';
import { ea } from './operands';

/** 50-57 (register in i.reg) */
export const pushReg: Handler = (c, i) => {
  c.push(i.size, c.getReg(i.size, i.reg));
};
export const push32Reg: Handler = (c, i) => {
  c.push32(c.r32[i.reg]);
};
/** 58-5F */
export const popReg: Handler = (c, i) => {
  const v = c.pop(i.size);
  c.setReg(i.size, i.reg, v);
};
export const pop32Reg: Handler = (c, i) => {
  const v = c.pop32();
  c.r32[i.reg] = v;
};
/** 68 / 6A (imm sign-extended at decode) */
export const pushImm: Handler = (c, i) => {
  c.push(i.size, i.imm);
};
/** FF /6 */
export const pushRm: Handler = (c, i) => {
  c.push(i.size, i.mod3 ? c.getReg(i.size, i.rm) : c.read(i.size, i.seg, ea(c, i)));
};
/** 8F /0: the address is computed with ESP already incremented. */
export const popRm: Handler = (c, i) => {
  const v = c.peekStack(i.size, 0);
  const oldEsp = c.r32[ESP];
  c.adjustSp(i.size);
  if (i.mod3) {
    c.setReg(i.size, i.rm, v);
    return;
  }
  try {
    c.write(i.size, i.seg, ea(c, i), v);
  } catch (e) {
    c.r32[ESP] = oldEsp;
    throw e;
  }
};

/** PUSH Sreg (segment in i.op). A 32-bit push moves ESP by 4 and writes the low word. */
export const pushSreg: Handler = (c, i) => {
  const v = c.sel[i.op];
  if (i.size === 2) c.push16(v);
  else {
    const sp = (c.r32[ESP] - 4) & c.ssMask;
    c.write16(SS, sp, v);
    c.r32[ESP] = c.ssMask === -1 ? sp : (c.r32[ESP] & ~0xffff) | sp;
  }
};
/** POP Sreg (segment in i.op); POP SS holds off interrupts for one instruction. */
export const popSreg: Handler = (c, i) => {
  const v = c.peekStack(i.size, 0) & 0xffff;
  loadSegment(c, i.op, v);
  c.adjustSp(i.size);
  if (i.op === SS) c.holdInterrupts();
};

function withStackRollback(c: Cpu, body: () => void): void {
  const esp = c.r32[ESP], ebp = c.r32[EBP];
  try {
    body();
  } catch (e) {
    c.r32[ESP] = esp;
    c.r32[EBP] = ebp;
    throw e;
  }
}

/** 60: PUSHA/PUSHAD */
export const pusha: Handler = (c, i) => {
  const s = i.size;
  const sp = c.getReg(s, ESP);
  withStackRollback(c, () => {
    for (let r = 0; r < 8; r++) c.push(s, r === ESP ? sp : c.getReg(s, r));
  });
};
/** 61: POPA/POPAD (the saved ESP is skipped) */
export const popa: Handler = (c, i) => {
  const s = i.size;
  const vals: number[] = [];
  for (let k = 0; k < 8; k++) vals.push(c.peekStack(s, k * s));
  for (let r = 7, k = 0; r >= 0; r--, k++) if (r !== ESP) c.setReg(s, r, vals[k]);
  c.adjustSp(8 * s);
};

/** 9C: PUSHF/PUSHFD (VM and RF read as 0) */
export const pushf: Handler = (c, i) => {
  c.push(i.size, c.getEflags() & ~(VM | RF));
};
/** 9D: POPF/POPFD */
export const popf: Handler = (c, i) => {
  const v = c.peekStack(i.size, 0);
  const old = c.getEflags();
  c.adjustSp(i.size);
  writeFlagsPrivileged(c, v, i.size, c.cpl, old);
  c.flags &= ~RF;
  c.breakBlock = true;
};

/** C8: ENTER imm16, imm8 */
export const enter: Handler = (c, i) => {
  const s = i.size;
  const level = i.imm2 & 31;
  withStackRollback(c, () => {
    c.push(s, c.getReg(s, EBP));
    const frame = c.getReg(s, ESP);
    if (level > 0) {
      let bp = c.r32[EBP];
      for (let k = 1; k < level; k++) {
        bp = c.ssMask === -1 ? bp - s : (bp & ~0xffff) | ((bp - s) & 0xffff);
        c.push(s, c.read(s, SS, bp & c.ssMask));
      }
      c.push(s, frame);
    }
    c.setReg(s, EBP, frame);
    c.adjustSp(-i.imm);
  });
};

/** C9: LEAVE */
export const leave: Handler = (c, i) => {
  const bp = c.r32[EBP] & c.ssMask;
  const v = c.read(i.size, SS, bp);
  c.r32[ESP] = c.ssMask === -1 ? bp : (c.r32[ESP] & ~0xffff) | bp;
  c.adjustSp(i.size);
  c.setReg(i.size, EBP, v);
};
