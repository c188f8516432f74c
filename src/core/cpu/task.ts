// Hardware task switching with 32-bit TSSs (SDM vol. 3, 7.3): JMP or CALL to a TSS descriptor
// or task gate, interrupts and exceptions through a task gate, and IRET with NT = 1 (return to
// the back-linked task). Order of events: check the target descriptor (type, busy state,
// presence, limit), read the whole new state, then save the current state into the old TSS,
// update busy bits / back link / NT, and load TR, CR3, EFLAGS, EIP, the general registers, LDTR
// and the segment registers. Faults before the save leave the old task untouched; faults while
// loading the new task's segments are #TS (or #NP/#SS) raised in the new task, as on hardware.
// 16-bit TSSs are not supported (#UD, listed by gaps.ts).
import type { Cpu } from './cpu';
import { fault, GP, NP, TS, UD, CpuFault } from './fault';
import { CS, SS, NT, CR0_TS, CR0_PG } from './regs';
import { readDescriptor, descHi, descBase, descLimit, dplOf, loadSegment, loadLdt, setSegmentCache, ATTR_CODE, ATTR_CONFORMING, ATTR_S } from './segments';

export const TASK_JMP = 0, TASK_CALL = 1, TASK_IRET = 2, TASK_INT = 3;

const TSS_MIN_LIMIT = 0x67;

/** Resolve a task gate to its TSS selector, checking the gate (JMP/CALL: DPL >= max(CPL, RPL)). */
export function taskGateTarget(c: Cpu, gateSel: number, ghi: number, glo: number, checkDpl: boolean): number {
  if (checkDpl && dplOf(ghi) < Math.max(c.cpl, gateSel & 3)) fault(GP, gateSel & 0xfffc);
  if ((ghi & 0x8000) === 0) fault(NP, gateSel & 0xfffc);
  return glo >>> 16;
}

/**
 * Switch to the task whose TSS selector is `sel`. `returnEip` is the EIP saved in the old TSS.
 * `checkDpl` applies the JMP/CALL privilege rule to a directly named TSS descriptor.
 */
export function taskSwitch(c: Cpu, sel: number, kind: number, returnEip: number, checkDpl: boolean): void {
  if ((sel & 4) !== 0 || (sel & 0xfffc) === 0) fault(kind === TASK_IRET ? TS : GP, sel & 0xfffc);
  const lo = readDescriptor(c, sel, GP);
  const hi = descHi;
  const type = (hi >> 8) & 0x1f;
  if (type === 0x01 || type === 0x03) fault(UD); // 16-bit TSS: not implemented
  const wantBusy = kind === TASK_IRET;
  if (type !== (wantBusy ? 0x0b : 0x09)) fault(kind === TASK_IRET ? TS : GP, sel & 0xfffc);
  if (checkDpl && dplOf(hi) < Math.max(c.cpl, sel & 3)) fault(GP, sel & 0xfffc);
  if ((hi & 0x8000) === 0) fault(NP, sel & 0xfffc);
  const base = descBase(lo, hi);
  const limit = descLimit(lo, hi);
  if ((limit >>> 0) < TSS_MIN_LIMIT) fault(TS, sel & 0xfffc);
  if ((c.trLimit >>> 0) < TSS_MIN_LIMIT) fault(TS, c.trSel & 0xfffc);

  // read the new task's state first: a #PF here leaves the old task as it was
  const rd = (off: number): number => c.readSys32((base + off) | 0);
  const cr3 = rd(0x1c), eip = rd(0x20), eflags = rd(0x24);
  const regs = Array.from({ length: 8 }, (_, k) => rd(0x28 + 4 * k));
  const segs = Array.from({ length: 6 }, (_, k) => rd(0x48 + 4 * k) & 0xffff);
  const ldt = rd(0x60) & 0xffff;

  // save the old task
  const old = c.trBase;
  const wr = (off: number, v: number): void => c.writeSys32((old + off) | 0, v);
  let oldFlags = c.getEflags();
  if (kind === TASK_IRET) oldFlags &= ~NT;
  wr(0x20, returnEip);
  wr(0x24, oldFlags);
  for (let k = 0; k < 8; k++) wr(0x28 + 4 * k, c.r32[k]);
  for (let k = 0; k < 6; k++) c.writeSys16((old + 0x48 + 4 * k) | 0, c.sel[k]);

  // busy bits and the back link
  const descAddr = (s: number): number => (c.gdtBase + (s & 0xfff8) + 4) | 0;
  if (kind === TASK_JMP || kind === TASK_IRET) c.writeSys32(descAddr(c.trSel), c.readSys32(descAddr(c.trSel)) & ~0x200);
  if (kind !== TASK_IRET) c.writeSys32(descAddr(sel), hi | 0x200);
  let newFlags = eflags;
  if (kind === TASK_CALL || kind === TASK_INT) {
    c.writeSys16(base, c.trSel);
    newFlags |= NT;
  }

  // load the new task
  c.trSel = sel;
  c.trBase = base;
  c.trLimit = limit;
  c.trAttr = ((hi | 0x200) >>> 8) & 0xf0ff;
  c.cr0 |= CR0_TS;
  if ((c.cr0 & CR0_PG) !== 0) {
    c.cr3 = cr3;
    c.flushNonGlobal();
  }
  c.setEflags(newFlags);
  c.eip = eip;
  regs.forEach((v, k) => (c.r32[k] = v));
  for (let k = 0; k < 6; k++) c.sel[k] = segs[k];
  c.blocks.modeChanged();
  loadTaskSegments(c, segs, ldt);
}

/** Load LDTR, CS (giving the new CPL), SS and the data segments of the new task; failures are #TS. */
function loadTaskSegments(c: Cpu, segs: number[], ldt: number): void {
  const asTs = (f: () => void, sel: number): void => {
    try {
      f();
    } catch (e) {
      if (e instanceof CpuFault && e.vector === GP) fault(TS, sel & 0xfffc);
      throw e;
    }
  };
  asTs(() => loadLdt(c, ldt), ldt);
  const cs = segs[CS];
  const rpl = cs & 3;
  asTs(() => {
    if ((cs & 0xfffc) === 0) fault(GP, 0);
    const lo = readDescriptor(c, cs, GP);
    const hi = descHi;
    const attr = hi >>> 8;
    const dpl = dplOf(hi);
    if ((attr & (ATTR_S | ATTR_CODE)) !== (ATTR_S | ATTR_CODE)) fault(GP, cs & 0xfffc);
    if ((attr & ATTR_CONFORMING) !== 0 ? dpl > rpl : dpl !== rpl) fault(GP, cs & 0xfffc);
    if ((attr & 0x80) === 0) fault(NP, cs & 0xfffc);
    c.setCpl(rpl);
    setSegmentCache(c, CS, cs, lo, hi);
  }, cs);
  asTs(() => loadSegment(c, SS, segs[SS]), segs[SS]);
  for (const s of [0, 3, 4, 5]) asTs(() => loadSegment(c, s, segs[s]), segs[s]);
}
