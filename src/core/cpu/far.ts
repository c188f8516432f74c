// Far control transfers in protected mode: JMP/CALL to a code segment or through a call gate
// (CALL to a more privileged level switches to the TSS stack and copies parameters), and RETF
// (same level, or back to an outer level with SS:ESP popped). Task gates and TSS targets switch
// tasks (task.ts).
import type { Cpu } from './cpu';
import { fault, GP, NP } from './fault';
import { taskSwitch, taskGateTarget, TASK_CALL, TASK_JMP } from './task';
import { CS, SS } from './regs';
import {
  readDescriptor, readReturnCodeDescriptor, descHi, dplOf, setSegmentCache, markAccessed, nullInaccessibleSegments,
  ATTR_P, ATTR_S, ATTR_CODE, ATTR_CONFORMING,
} from './segments';
import { saveState, restoreState, loadStackForRing, switchToInnerStack } from './interrupts';

/** Checks for a direct far JMP/CALL to a code segment; returns nothing, faults on failure. */
function checkDirectCode(c: Cpu, sel: number, hi: number): void {
  const attr = hi >>> 8;
  const dpl = dplOf(hi);
  if ((attr & ATTR_CONFORMING) !== 0) {
    if (dpl > c.cpl) fault(GP, sel & 0xfffc);
  } else if ((sel & 3) > c.cpl || dpl !== c.cpl) {
    fault(GP, sel & 0xfffc);
  }
  if ((attr & ATTR_P) === 0) fault(NP, sel & 0xfffc);
}

/** JMP FAR / CALL FAR to selector:offset. `size` is the operand size; `nextEip` the return address. */
export function farTransfer(c: Cpu, sel: number, offset: number, size: number, isCall: boolean, nextEip: number): void {
  sel &= 0xffff;
  if ((sel & 0xfffc) === 0) fault(GP, 0);
  const lo = readDescriptor(c, sel);
  const hi = descHi;
  const attr = hi >>> 8;
  if ((attr & ATTR_S) !== 0) {
    if ((attr & ATTR_CODE) === 0) fault(GP, sel & 0xfffc);
    checkDirectCode(c, sel, hi);
    const saved = saveState(c);
    try {
      if (isCall) {
        c.push(size, c.sel[CS]);
        c.push(size, nextEip);
      }
      markAccessed(c, sel, hi);
      setSegmentCache(c, CS, (sel & 0xfffc) | c.cpl, lo, hi | 0x100);
    } catch (e) {
      restoreState(c, saved);
      throw e;
    }
    c.eip = size === 4 ? offset : offset & 0xffff;
    c.blocks.modeChanged();
    return;
  }
  const type = attr & 0x1f;
  const kind = isCall ? TASK_CALL : TASK_JMP;
  if (type === 0x05) {
    taskSwitch(c, taskGateTarget(c, sel, hi, lo, true), kind, nextEip, false);
    return;
  }
  if (type === 0x09 || type === 0x0b || type === 0x01 || type === 0x03) {
    taskSwitch(c, sel, kind, nextEip, true);
    return;
  }
  if (type !== 0x0c && type !== 0x04) fault(GP, sel & 0xfffc);
  callGate(c, sel, lo, hi, isCall, nextEip);
}

function callGate(c: Cpu, gateSel: number, glo: number, ghi: number, isCall: boolean, nextEip: number): void {
  const gdpl = dplOf(ghi);
  if (gdpl < c.cpl || gdpl < (gateSel & 3)) fault(GP, gateSel & 0xfffc);
  if ((ghi & 0x8000) === 0) fault(NP, gateSel & 0xfffc);
  const gate32 = (ghi & 0x800) !== 0;
  const size = gate32 ? 4 : 2;
  const sel = glo >>> 16;
  const offset = gate32 ? (glo & 0xffff) | (ghi & 0xffff0000) : glo & 0xffff;
  const params = ghi & 0x1f;
  if ((sel & 0xfffc) === 0) fault(GP, 0);
  const lo = readDescriptor(c, sel);
  const hi = descHi;
  const attr = hi >>> 8;
  const dpl = dplOf(hi);
  if ((attr & (ATTR_S | ATTR_CODE)) !== (ATTR_S | ATTR_CODE) || dpl > c.cpl) fault(GP, sel & 0xfffc);
  if (!isCall && (attr & ATTR_CONFORMING) === 0 && dpl !== c.cpl) fault(GP, sel & 0xfffc);
  if ((attr & ATTR_P) === 0) fault(NP, sel & 0xfffc);
  const saved = saveState(c);
  try {
    if (isCall && (attr & ATTR_CONFORMING) === 0 && dpl < c.cpl) {
      const oldSs = c.sel[SS], oldEsp = c.r32[4];
      const copied: number[] = [];
      for (let k = params - 1; k >= 0; k--) copied.push(c.peekStack(size, k * size));
      switchToInnerStack(c, dpl, size, oldSs, oldEsp);
      for (const v of copied) c.push(size, v);
    }
    if (isCall) {
      c.push(size, saved.sel[0]);
      c.push(size, nextEip);
    }
    markAccessed(c, sel, hi);
    setSegmentCache(c, CS, (sel & 0xfffc) | c.cpl, lo, hi | 0x100);
  } catch (e) {
    restoreState(c, saved);
    throw e;
  }
  c.eip = offset;
  c.blocks.modeChanged();
}

/** RETF [imm16]: pop EIP and CS, and SS:ESP when returning to an outer level. */
export function farReturn(c: Cpu, size: number, imm: number): void {
  const newEip = c.peekStack(size, 0);
  const newCs = c.peekStack(size, size) & 0xffff;
  const rpl = newCs & 3;
  const lo = readReturnCodeDescriptor(c, newCs);
  const hi = descHi;
  const outer = rpl > c.cpl;
  let newEsp = 0, newSs = 0;
  if (outer) {
    newEsp = c.peekStack(size, size * 2 + imm);
    newSs = c.peekStack(size, size * 3 + imm) & 0xffff;
  }
  const saved = saveState(c);
  try {
    if (outer) {
      c.setCpl(rpl);
      loadStackForRing(c, newSs, rpl, GP);
      c.r32[4] = size === 4 ? newEsp : (c.r32[4] & ~0xffff) | (newEsp & 0xffff);
      c.adjustSp(imm);
    } else {
      c.adjustSp(size * 2 + imm);
    }
    markAccessed(c, newCs, hi);
    setSegmentCache(c, CS, newCs, lo, hi | 0x100);
  } catch (e) {
    restoreState(c, saved);
    throw e;
  }
  c.eip = size === 4 ? newEip : newEip & 0xffff;
  if (outer) nullInaccessibleSegments(c);
  c.blocks.modeChanged();
}
