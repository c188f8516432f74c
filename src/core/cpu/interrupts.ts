// Exception and interrupt delivery through the IDT (interrupt and trap gates, 16- and 32-bit,
// with the stack switch from the TSS on a privilege change), the double/triple fault rules,
// and IRET. Delivery is all-or-nothing: if a fault occurs while pushing the frame, the CPU
// state saved on entry is restored before the nested fault is handled, so the guest never sees
// a half-switched stack.
import type { Cpu } from './cpu';
import { CpuFault, fault, GP, NP, SSF, TS, UD, DF, PF, hasErrorCode } from './fault';
import { CS, SS, TF, IF, NT, RF, VM, IOPL, AC, ID, FLAGS_FIXED } from './regs';
import { taskSwitch, TASK_INT, TASK_IRET } from './task';
import {
  readDescriptor, readReturnCodeDescriptor, descHi, dplOf, setSegmentCache, markAccessed, tssStack, nullInaccessibleSegments,
  ATTR_P, ATTR_S, ATTR_CODE, ATTR_CONFORMING, ATTR_RW,
} from './segments';

/** Snapshot of what delivery changes, to roll back a delivery that faulted half way. */
interface SavedState {
  esp: number;
  cpl: number;
  eip: number;
  flags: number;
  sel: number[];
  base: number[];
  limit: number[];
  attr: number[];
}

export function saveState(c: Cpu): SavedState {
  return {
    esp: c.r32[4], cpl: c.cpl, eip: c.eip, flags: c.getEflags(),
    sel: [c.sel[CS], c.sel[SS]], base: [c.segBase[CS], c.segBase[SS]],
    limit: [c.segLimit[CS], c.segLimit[SS]], attr: [c.segAttr[CS], c.segAttr[SS]],
  };
}

export function restoreState(c: Cpu, s: SavedState): void {
  c.r32[4] = s.esp;
  c.setCpl(s.cpl);
  c.eip = s.eip;
  c.setEflags(s.flags);
  [CS, SS].forEach((seg, k) => {
    c.sel[seg] = s.sel[k];
    c.segBase[seg] = s.base[k];
    c.segLimit[seg] = s.limit[k];
    c.segAttr[seg] = s.attr[k];
  });
  c.segmentsChanged();
}

/**
 * Check and load a new SS for an inner/outer stack switch to privilege `rpl`: selector RPL and
 * descriptor DPL equal `rpl`, writable data, present. `vector` is #TS for TSS stacks, #GP for
 * RET/IRET stacks.
 */
/**
 * Moves to the more privileged ring `dpl` through a call gate or an interrupt: loads that ring's
 * SS:ESP from the TSS and pushes the outer SS:ESP on the new stack (`size` bytes each).
 */
export function switchToInnerStack(c: Cpu, dpl: number, size: number, oldSs: number, oldEsp: number): void {
  const stack = tssStack(c, dpl);
  c.setCpl(dpl);
  loadStackForRing(c, stack.ss, dpl, TS);
  c.r32[4] = stack.esp;
  c.push(size, oldSs);
  c.push(size, oldEsp);
}

export function loadStackForRing(c: Cpu, sel: number, rpl: number, vector: number): void {
  if ((sel & 0xfffc) === 0) fault(vector, 0);
  const lo = readDescriptor(c, sel, vector);
  const hi = descHi;
  const attr = hi >>> 8;
  if ((sel & 3) !== rpl || dplOf(hi) !== rpl || (attr & (ATTR_S | ATTR_CODE | ATTR_RW)) !== (ATTR_S | ATTR_RW)) {
    fault(vector, sel & 0xfffc);
  }
  if ((attr & ATTR_P) === 0) fault(SSF, sel & 0xfffc);
  markAccessed(c, sel, hi);
  setSegmentCache(c, SS, sel, lo, hi | 0x100);
}

/**
 * Deliver `vector` through the IDT. `soft` for INT n/INT3/INTO (gate DPL checked against CPL),
 * `ext` for external interrupts and exceptions (sets the EXT bit of error codes). c.eip must
 * already hold the return address (the faulting instruction, or the next one for traps).
 */
export function deliverInterrupt(c: Cpu, vector: number, errorCode: number, hasErr: boolean, soft: boolean): void {
  const ext = soft ? 0 : 1;
  const gateErr = vector * 8 + 2 + ext;
  if (vector * 8 + 7 > c.idtLimit >>> 0) fault(GP, gateErr);
  const lo = c.readSys32((c.idtBase + vector * 8) | 0);
  const hi = c.readSys32((c.idtBase + vector * 8 + 4) | 0);
  const type = (hi >> 8) & 0x1f;
  if (type !== 0x0e && type !== 0x0f && type !== 0x06 && type !== 0x07 && type !== 0x05) fault(GP, gateErr);
  if (soft && dplOf(hi) < c.cpl) fault(GP, vector * 8 + 2);
  if ((hi & 0x8000) === 0) fault(NP, gateErr);
  if (type === 0x05) {
    // task gate: switch tasks, then push the error code on the new task's stack
    taskSwitch(c, lo >>> 16, TASK_INT, c.eip, false);
    if (hasErr) c.push32(errorCode);
    c.interruptsDelivered++;
    return;
  }
  const gate32 = (type & 8) !== 0;
  const trapGate = (type & 1) !== 0;
  const sel = lo >>> 16;
  const offset = gate32 ? (lo & 0xffff) | (hi & 0xffff0000) : lo & 0xffff;
  if ((sel & 0xfffc) === 0) fault(GP, ext);
  const clo = readDescriptor(c, sel, GP);
  const chi = descHi;
  const cattr = chi >>> 8;
  const dpl = dplOf(chi);
  if ((cattr & (ATTR_S | ATTR_CODE)) !== (ATTR_S | ATTR_CODE) || dpl > c.cpl) fault(GP, (sel & 0xfffc) + ext);
  if ((cattr & ATTR_P) === 0) fault(NP, (sel & 0xfffc) + ext);

  const saved = saveState(c);
  const oldFlags = saved.flags;
  const oldCs = c.sel[CS];
  const oldSs = c.sel[SS];
  const oldEsp = c.r32[4];
  const size = gate32 ? 4 : 2;
  try {
    if ((cattr & ATTR_CONFORMING) === 0 && dpl < c.cpl) {
      switchToInnerStack(c, dpl, size, oldSs, oldEsp);
      c.cycles += c.cycleTable.privilegeChange;
    } else {
      c.setCpl(c.cpl);
    }
    c.push(size, oldFlags);
    c.push(size, oldCs);
    c.push(size, c.eip);
    if (hasErr) c.push(size, errorCode);
    markAccessed(c, sel, chi);
    setSegmentCache(c, CS, (sel & 0xfffc) | c.cpl, clo, chi | 0x100);
  } catch (e) {
    restoreState(c, saved);
    throw e;
  }
  let f = oldFlags & ~(TF | NT | RF | VM);
  if (!trapGate) f &= ~IF;
  c.setEflags(f);
  c.eip = offset;
  c.interruptsDelivered++;
  c.blocks.modeChanged();
}

const CONTRIBUTORY = new Set([0, 10, 11, 12, 13]);

/**
 * Deliver an exception raised by an instruction (c.eip at its first byte), applying the double-
 * and triple-fault rules. The hypervisor hook sees it first. On a triple fault the CPU shuts
 * down (c.shutdown) and false is returned.
 */
export function raiseException(c: Cpu, vector: number, errorCode: number): boolean {
  const hasErr = hasErrorCode(vector);
  const hook = c.hooks.exception;
  if (hook !== undefined && hook(c, vector, errorCode, hasErr)) return true;
  let first = vector, code = errorCode, err = hasErr;
  for (;;) {
    try {
      deliverInterrupt(c, first, code, err, false);
      return true;
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      const second = e.vector;
      if (first === DF) {
        c.shutdown = true;
        c.breakBlock = true;
        return false;
      }
      const dbl =
        (CONTRIBUTORY.has(first) && CONTRIBUTORY.has(second)) ||
        (first === PF && (second === PF || CONTRIBUTORY.has(second)));
      if (dbl) {
        first = DF;
        code = 0;
        err = true;
      } else {
        first = second;
        code = e.errorCode;
        err = hasErrorCode(second);
      }
      if (hook !== undefined && hook(c, first, code, err)) return true;
    }
  }
}

/**
 * INT n / INT3 / INTO: the hypervisor hook sees the vector first; delivery faults propagate as
 * faults of the INT instruction itself. c.eip already points past the instruction.
 */
export function softwareInterrupt(c: Cpu, vector: number): void {
  const hook = c.hooks.exception;
  if (hook !== undefined && hook(c, vector, 0, false)) return;
  deliverInterrupt(c, vector, 0, false, true);
}

/** An external interrupt (from the PIC) between instructions; delivery faults become exceptions. */
export function externalInterrupt(c: Cpu, vector: number): void {
  try {
    deliverInterrupt(c, vector, 0, false, false);
  } catch (e) {
    if (!(e instanceof CpuFault)) throw e;
    raiseException(c, e.vector, e.errorCode);
  }
}

/** The single-step #DB trap after an instruction run with TF = 1 (DR6.BS set, EIP at the next). */
export function singleStepTrap(c: Cpu): void {
  c.dr[6] |= 0x4000;
  const hook = c.hooks.exception;
  if (hook !== undefined && hook(c, 1, 0, false)) return;
  try {
    deliverInterrupt(c, 1, 0, false, false);
  } catch (e) {
    if (!(e instanceof CpuFault)) throw e;
    raiseException(c, e.vector, e.errorCode);
  }
}

/** IRET / IRETD in protected mode (same level and return to an outer level). */
export function iret(c: Cpu, size: number): void {
  const flagsNow = c.getEflags();
  if ((flagsNow & NT) !== 0) {
    taskSwitch(c, c.readSys16(c.trBase), TASK_IRET, c.eip, false); // return to the back-linked task
    return;
  }
  const newEip = c.peekStack(size, 0);
  const newCs = c.peekStack(size, size) & 0xffff;
  const newFlagsRaw = c.peekStack(size, size * 2);
  const rpl = newCs & 3;
  const lo = readReturnCodeDescriptor(c, newCs);
  const hi = descHi;
  if (size === 4 && (newFlagsRaw & VM) !== 0 && c.cpl === 0) fault(UD); // return to virtual-8086 mode: not implemented

  const oldCpl = c.cpl;
  let newEsp = 0, newSs = 0;
  if (rpl > oldCpl) {
    newEsp = c.peekStack(size, size * 3);
    newSs = c.peekStack(size, size * 4) & 0xffff;
  }
  const saved = saveState(c);
  try {
    if (rpl > oldCpl) {
      c.setCpl(rpl);
      loadStackForRing(c, newSs, rpl, GP);
      c.r32[4] = size === 4 ? newEsp : (c.r32[4] & ~0xffff) | (newEsp & 0xffff);
    } else {
      c.adjustSp(size * 3);
    }
    markAccessed(c, newCs, hi);
    setSegmentCache(c, CS, newCs, lo, hi | 0x100);
  } catch (e) {
    restoreState(c, saved);
    throw e;
  }
  writeFlagsPrivileged(c, newFlagsRaw, size, oldCpl, flagsNow);
  c.eip = size === 4 ? newEip : newEip & 0xffff;
  if (rpl > oldCpl) {
    nullInaccessibleSegments(c);
    c.cycles += c.cycleTable.outerReturn;
  }
  c.blocks.modeChanged();
}

/**
 * Load EFLAGS from POPF/IRET with the privilege rules: IOPL changes only at CPL 0, IF only when
 * CPL <= IOPL; VM, VIF, VIP never change here; 16-bit forms keep the high half.
 */
export function writeFlagsPrivileged(c: Cpu, v: number, size: number, cpl: number, old: number): void {
  let mask = 0x7fd5 | AC | ID | RF; // CF PF AF ZF SF TF IF DF OF IOPL NT, AC, ID, RF
  if (cpl !== 0) mask &= ~IOPL;
  if (cpl > ((old & IOPL) >> 12)) mask &= ~IF;
  if (size === 2) mask &= 0xffff;
  c.setEflags(((old & ~mask) | (v & mask)) | FLAGS_FIXED);
}
