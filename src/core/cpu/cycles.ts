// Guest clock costs. Every instruction adds the cost of its class (register form / memory form)
// when it runs; taken branches, string elements and exception delivery add the extras below.
// Default table: Intel 80386 protected-mode clock counts from the "80386 Programmer's Reference
// Manual" (1986), chapter 17 instruction pages (mirrored at
// https://pdos.csail.mit.edu/6.828/2008/readings/i386/toc.htm). Where the manual gives a range
// (MUL, IMUL) the upper bound is used; "+m" terms (components of the next instruction) are
// omitted; CPUID and RDTSC did not exist on the 386 and take the Pentium figures (14, 6).
// Interrupt delivery: INT n is 59 clocks to the same privilege level and 99 to an inner one;
// IRET is 38 to the same level and 82 to an outer one (manual pages for INT and IRET); an
// exception or external interrupt is charged like INT n.
// Costs are deterministic: the same program and inputs always give the same cycle count.

export type CostClass =
  | 'mov' | 'alu' | 'incdec' | 'test' | 'lea' | 'push' | 'pop' | 'xchg' | 'movx' | 'setcc' | 'cmov'
  | 'shift' | 'shiftd' | 'mul' | 'imul' | 'div' | 'idiv' | 'bt' | 'btx' | 'bscan' | 'bswap'
  | 'jcc' | 'jmp' | 'call' | 'ret' | 'jmpfar' | 'callfar' | 'retfar' | 'loop' | 'int' | 'iret'
  | 'movs' | 'stos' | 'lods' | 'cmps' | 'scas' | 'in' | 'out' | 'ins' | 'outs'
  | 'flag' | 'cli' | 'bcd' | 'aam' | 'aad' | 'conv' | 'xlat' | 'bound' | 'lxs' | 'movseg'
  | 'pushseg' | 'popseg' | 'pusha' | 'popa' | 'pushf' | 'popf' | 'enter' | 'leave'
  | 'nop' | 'hlt' | 'cpuid' | 'rdtsc' | 'msr' | 'movcr' | 'descr' | 'ldtr' | 'invlpg' | 'xadd'
  | 'cmpxchg' | 'cmpxchg8b' | 'vmcall' | 'ud';

export interface CycleTable {
  name: string;
  source: string;
  /** [register form, memory form] */
  classes: Record<CostClass, readonly [number, number]>;
  branchTaken: number;
  repMovsElement: number;
  repStosElement: number;
  repLodsElement: number;
  repCmpsElement: number;
  repScasElement: number;
  stringIoElement: number;
  /** Extra clocks of IN/OUT (added on top of the class cost). */
  ioExtra: number;
  /** I/O permission bitmap consulted (CPL > IOPL): the 386's +20. */
  ioBitmapCheck: number;
  /** Exception or external interrupt delivered through the IDT (INT n's cost is its class). */
  exception: number;
  /** Extra for a delivery that switches to an inner stack (INT: 99 vs 59 clocks). */
  privilegeChange: number;
  /** Extra for IRET/RETF to an outer privilege level (IRET: 82 vs 38 clocks). */
  outerReturn: number;
}

const both = (n: number): readonly [number, number] => [n, n];

export const I386_CYCLES: CycleTable = {
  name: 'i386',
  source: "Intel 80386 Programmer's Reference Manual (1986), ch. 17, protected-mode clocks",
  classes: {
    mov: [2, 4], alu: [2, 7], incdec: [2, 6], test: [2, 5], lea: both(2), push: [2, 5], pop: [4, 5],
    xchg: [3, 5], movx: [3, 6], setcc: [4, 5], cmov: [2, 4], shift: [3, 7], shiftd: [3, 7],
    mul: [38, 41], imul: [38, 41], div: [38, 41], idiv: [43, 46], bt: [3, 6], btx: [6, 8],
    bscan: both(11), bswap: both(1), jcc: both(3), jmp: [7, 10], call: [7, 10], ret: both(10),
    jmpfar: both(27), callfar: both(34), retfar: both(32), loop: both(11), int: both(59),
    iret: both(38), movs: both(7), stos: both(4), lods: both(5), cmps: both(10), scas: both(7),
    in: both(6), out: both(4), ins: both(9), outs: both(8), flag: both(2), cli: both(3), bcd: both(4),
    aam: both(17), aad: both(19), conv: both(3), xlat: both(5), bound: both(10), lxs: both(22),
    movseg: [2, 5], pushseg: both(2), popseg: both(21), pusha: both(18), popa: both(24), pushf: both(4),
    popf: both(5), enter: both(10), leave: both(4), nop: both(3), hlt: both(5), cpuid: both(14),
    rdtsc: both(6), msr: both(30), movcr: both(10), descr: both(11), ldtr: both(20), invlpg: both(12),
    xadd: [3, 4], cmpxchg: [6, 8], cmpxchg8b: both(10), vmcall: both(1), ud: both(1),
  },
  branchTaken: 4,
  repMovsElement: 4,
  repStosElement: 5,
  repLodsElement: 6,
  repCmpsElement: 9,
  repScasElement: 8,
  stringIoElement: 6,
  ioExtra: 0,
  ioBitmapCheck: 20,
  exception: 59,
  privilegeChange: 40,
  outerReturn: 44,
};
