// Control transfer: Jcc, JMP/CALL/RET (near relative and indirect, far direct and indirect),
// LOOP/LOOPE/LOOPNE/JECXZ, INT n/INT3/INTO and IRET. Relative targets are resolved at decode
// time into i.imm (already wrapped to 16 bits for 16-bit operand size). The run loop has set
// c.eip = i.next before a handler runs, so a handler that does not branch changes nothing.
import type { Handler } from '../insn';
import { testCC, getZF, getOF } from '../flags';
import { ECX } from '../regs';
import { ud } from '../fault';
import { farTransfer, farReturn } from '../far';
import { softwareInterrupt, iret as doIret } from '../interrupts';
import { ea } from './operands';

export const jcc: Handler = (c, i) => {
  if (testCC(c, i.op)) {
    c.eip = i.imm;
    c.cycles += c.cycleTable.branchTaken;
  }
};
export const jmpRel: Handler = (c, i) => {
  c.eip = i.imm;
};
export const callRel: Handler = (c, i) => {
  c.push(i.size, i.next);
  c.eip = i.imm;
};
/** FF /4 */
export const jmpRm: Handler = (c, i) => {
  const t = i.mod3 ? c.getReg(i.size, i.rm) : c.read(i.size, i.seg, ea(c, i));
  c.eip = t;
};
/** FF /2 */
export const callRm: Handler = (c, i) => {
  const t = i.mod3 ? c.getReg(i.size, i.rm) : c.read(i.size, i.seg, ea(c, i));
  c.push(i.size, i.next);
  c.eip = t;
};
/** C3 / C2 imm16 */
export const ret: Handler = (c, i) => {
  const t = c.peekStack(i.size, 0);
  c.adjustSp(i.size + i.imm);
  c.eip = t;
};
/** EA / 9A ptr16:16|32 (i.imm offset, i.imm2 selector; i.op 1 = call) */
export const farDirect: Handler = (c, i) => {
  farTransfer(c, i.imm2, i.imm, i.size, i.op === 1, i.next);
};
/** FF /3, FF /5 m16:16|32 (i.op 1 = call) */
export const farIndirect: Handler = (c, i) => {
  if (i.mod3) ud();
  const off = ea(c, i);
  const target = c.read(i.size, i.seg, off);
  const sel = c.read16(i.seg, off + i.size);
  farTransfer(c, sel, target, i.size, i.op === 1, i.next);
};
/** CB / CA imm16 */
export const retf: Handler = (c, i) => {
  farReturn(c, i.size, i.imm);
};

/** E0-E3: LOOPNE, LOOPE, LOOP, JECXZ (i.op = opcode & 3); the counter width is the address size. */
export const loop: Handler = (c, i) => {
  let n: number;
  if (i.op === 3) {
    n = i.asize === 4 ? c.r32[ECX] : c.r16[ECX << 1];
    if (n === 0) c.eip = i.imm;
    return;
  }
  if (i.asize === 4) n = c.r32[ECX] = c.r32[ECX] - 1;
  else n = c.r16[ECX << 1] = c.r16[ECX << 1] - 1;
  if (n === 0) return;
  if (i.op === 2 || (i.op === 1 ? getZF(c) : !getZF(c))) c.eip = i.imm;
};

/** CD ib / CC / CE */
export const intN: Handler = (c, i) => {
  softwareInterrupt(c, i.imm);
};
export const into: Handler = (c) => {
  if (getOF(c)) softwareInterrupt(c, 4);
};
export const iret: Handler = (c, i) => {
  doIret(c, i.size);
};
