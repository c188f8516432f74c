// CPU state snapshots: everything architectural (registers, flags, segment caches, control and
// system registers, debug registers) plus the run state (clock, halted, shutdown, interrupt
// shadow) as a plain JSON-serialisable object. Caches (TLB, decoded blocks) are not part of the
// state: restoring flushes them. Guest memory is the machine's to save.
import type { Cpu } from './cpu';

export interface SegmentState {
  sel: number;
  base: number;
  limit: number;
  attr: number;
}

export interface CpuState {
  regs: number[];
  eip: number;
  eflags: number;
  segs: SegmentState[];
  cpl: number;
  cr0: number;
  cr2: number;
  cr3: number;
  cr4: number;
  efer: number;
  gdt: { base: number; limit: number };
  idt: { base: number; limit: number };
  ldt: { sel: number; base: number; limit: number };
  tr: { sel: number; base: number; limit: number; attr: number };
  dr: number[];
  cycles: number;
  instructions: number;
  tsc0: number;
  halted: boolean;
  shutdown: boolean;
  irqShadow: boolean;
}

export function saveCpuState(c: Cpu): CpuState {
  return {
    regs: Array.from(c.r32),
    eip: c.eip,
    eflags: c.getEflags(),
    segs: Array.from({ length: 6 }, (_, s) => ({ sel: c.sel[s], base: c.segBase[s], limit: c.segLimit[s], attr: c.segAttr[s] })),
    cpl: c.cpl,
    cr0: c.cr0, cr2: c.cr2, cr3: c.cr3, cr4: c.cr4, efer: c.efer,
    gdt: { base: c.gdtBase, limit: c.gdtLimit },
    idt: { base: c.idtBase, limit: c.idtLimit },
    ldt: { sel: c.ldtSel, base: c.ldtBase, limit: c.ldtLimit },
    tr: { sel: c.trSel, base: c.trBase, limit: c.trLimit, attr: c.trAttr },
    dr: Array.from(c.dr),
    cycles: c.cycles, instructions: c.instructions, tsc0: c.tsc0,
    halted: c.halted, shutdown: c.shutdown, irqShadow: c.irqShadow,
  };
}

export function loadCpuState(c: Cpu, s: CpuState): void {
  s.regs.forEach((v, k) => (c.r32[k] = v));
  c.eip = s.eip;
  c.setEflags(s.eflags);
  s.segs.forEach((g, k) => {
    c.sel[k] = g.sel;
    c.segBase[k] = g.base;
    c.segLimit[k] = g.limit;
    c.segAttr[k] = g.attr;
  });
  c.segmentsChanged();
  c.setCpl(s.cpl);
  c.cr0 = s.cr0;
  c.cr2 = s.cr2;
  c.cr3 = s.cr3;
  c.cr4 = s.cr4;
  c.efer = s.efer;
  c.gdtBase = s.gdt.base;
  c.gdtLimit = s.gdt.limit;
  c.idtBase = s.idt.base;
  c.idtLimit = s.idt.limit;
  c.ldtSel = s.ldt.sel;
  c.ldtBase = s.ldt.base;
  c.ldtLimit = s.ldt.limit;
  c.trSel = s.tr.sel;
  c.trBase = s.tr.base;
  c.trLimit = s.tr.limit;
  c.trAttr = s.tr.attr;
  s.dr.forEach((v, k) => (c.dr[k] = v));
  c.cycles = s.cycles;
  c.instructions = s.instructions;
  c.tsc0 = s.tsc0;
  c.halted = s.halted;
  c.shutdown = s.shutdown;
  c.irqShadow = s.irqShadow;
  c.flushTlb();
  c.blocks.clear();
  c.breakBlock = true;
}
