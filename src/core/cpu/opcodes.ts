// The opcode table: the single description of every implemented instruction, used by the decoder
// (operand layout, handler choice, cost class, block ends, LOCK legality), by `cpu-gaps`
// (whatever is missing here is listed as not implemented), by the disassembler and by the
// objdump decoder test. Operand layouts for the disassembler are filled in by opcode-operands.ts.
// Index: 0x00-0xFF one-byte opcodes, 0x100-0x1FF for 0F xx. A group opcode has `group`, eight
// specs selected by the ModRM reg field. `pick` chooses the handler once the Insn is decoded
// (operand size, register or memory form); it may return null for an invalid form (#UD).
import type { Handler, Insn } from './insn';
import type { CostClass } from './cycles';
import * as alu from './ops/alu';
import * as sh from './ops/shift';
import * as md from './ops/muldiv';
import * as bits from './ops/bits';
import * as mv from './ops/move';
import * as st from './ops/stack';
import * as ctl from './ops/control';
import * as str from './ops/string';
import * as io from './ops/io';
import * as fb from './ops/flag-bcd';
import * as sys from './ops/system';
import * as dsc from './ops/descriptor';
import { applyOperandLayouts } from './opcode-operands';

export const IMM_NONE = 0, IMM_B = 1, IMM_BS = 2, IMM_V = 3, IMM_W = 4, IMM_ENTER = 5, IMM_PTR = 6;
export const IMM_MOFFS = 7, IMM_REL8 = 8, IMM_RELV = 9;

export interface OpSpec {
  /** Mnemonic as GNU objdump prints it (Intel syntax); a function when it depends on size. */
  mn: string | ((i: Insn) => string);
  modrm: boolean;
  imm: number;
  /** Byte operand (size forced to 1). */
  byte: boolean;
  /** Value stored in Insn.op (ALU op, condition, segment, ...). */
  op: number;
  pick: (i: Insn) => Handler | null;
  cost: CostClass;
  /** Ends a decoded block (control transfer or a mode/flag change the run loop must see). */
  end: boolean;
  lockable: boolean;
  /** REP/REPE/REPNE meaningful (string instructions). */
  rep: boolean;
  /** Per-reg specs for group opcodes. */
  group: (OpSpec | null)[] | null;
  /** Operand layout in SDM opcode-map notation (see opcode-operands.ts), for the disassembler. */
  ops: string;
}

interface SpecOpts {
  modrm?: boolean;
  imm?: number;
  byte?: boolean;
  op?: number;
  end?: boolean;
  lock?: boolean;
  rep?: boolean;
}

type Picker = (i: Insn) => Handler | null;
/** Marks a handler chooser (as opposed to a fixed handler). */
interface Pick {
  picker: Picker;
}
const P = (picker: Picker): Pick => ({ picker });

function spec(mn: OpSpec['mn'], cost: CostClass, h: Handler | Pick, o: SpecOpts = {}): OpSpec {
  const picker: Picker = typeof h === 'function' ? () => h : h.picker;
  return {
    mn, cost, pick: picker, modrm: o.modrm ?? false, imm: o.imm ?? IMM_NONE, byte: o.byte ?? false,
    op: o.op ?? 0, end: o.end ?? false, lockable: o.lock ?? false, rep: o.rep ?? false, group: null, ops: '',
  };
}

function group(g: (OpSpec | null)[]): OpSpec {
  const s = spec('(group)', 'ud', sys.undefinedOpcode, { modrm: true });
  s.group = g;
  return s;
}

const memOnly = (h: Handler): Pick => P((i) => (i.mod3 ? null : h));
const bySize = (w: string, d: string) => (i: Insn): string => (i.size === 2 ? w : d);

export const CC_NAMES = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];
export const TABLE: (OpSpec | null)[] = new Array<OpSpec | null>(0x200).fill(null);

function set(opcode: number, s: OpSpec): void {
  TABLE[opcode] = s;
}

// ---- 00-3F: the eight ALU operations, segment push/pop, BCD
for (let op = 0; op < 8; op++) {
  const mn = alu.ALU_NAMES[op];
  const lock = op !== alu.ALU_CMP;
  const b = op * 8;
  set(b + 0, spec(mn, 'alu', P((i) => alu.pickAlu(i, 'rmreg')), { modrm: true, byte: true, op, lock }));
  set(b + 1, spec(mn, 'alu', P((i) => alu.pickAlu(i, 'rmreg')), { modrm: true, op, lock }));
  set(b + 2, spec(mn, 'alu', P((i) => alu.pickAlu(i, 'regrm')), { modrm: true, byte: true, op }));
  set(b + 3, spec(mn, 'alu', P((i) => alu.pickAlu(i, 'regrm')), { modrm: true, op }));
  set(b + 4, spec(mn, 'alu', alu.aluAccImm, { imm: IMM_B, byte: true, op }));
  set(b + 5, spec(mn, 'alu', alu.aluAccImm, { imm: IMM_V, op }));
}
const SEG_PUSH: [number, number][] = [[0x06, 0], [0x0e, 1], [0x16, 2], [0x1e, 3], [0x1a0, 4], [0x1a8, 5]];
for (const [opc, seg] of SEG_PUSH) set(opc, spec('push', 'pushseg', st.pushSreg, { op: seg }));
const SEG_POP: [number, number][] = [[0x07, 0], [0x17, 2], [0x1f, 3], [0x1a1, 4], [0x1a9, 5]];
for (const [opc, seg] of SEG_POP) set(opc, spec('pop', 'popseg', st.popSreg, { op: seg, end: seg === 2 }));
set(0x27, spec('daa', 'bcd', fb.daa));
set(0x2f, spec('das', 'bcd', fb.das));
set(0x37, spec('aaa', 'bcd', fb.aaa));
set(0x3f, spec('aas', 'bcd', fb.aas));

// ---- 40-5F: INC/DEC/PUSH/POP reg (register number in Insn.reg)
for (let r = 0; r < 8; r++) {
  set(0x40 + r, spec('inc', 'incdec', P((i) => (i.size === 4 ? alu.incDec32Reg : alu.incDecReg)), { op: 0 }));
  set(0x48 + r, spec('dec', 'incdec', P((i) => (i.size === 4 ? alu.incDec32Reg : alu.incDecReg)), { op: 1 }));
  set(0x50 + r, spec('push', 'push', P((i) => (i.size === 4 ? st.push32Reg : st.pushReg))));
  set(0x58 + r, spec('pop', 'pop', P((i) => (i.size === 4 ? st.pop32Reg : st.popReg))));
}

// ---- 60-6F
set(0x60, spec(bySize('pushaw', 'pusha'), 'pusha', st.pusha));
set(0x61, spec(bySize('popaw', 'popa'), 'popa', st.popa));
set(0x62, spec('bound', 'bound', memOnly(mv.bound), { modrm: true }));
set(0x68, spec('push', 'push', st.pushImm, { imm: IMM_V }));
set(0x69, spec('imul', 'imul', md.imulRegRmImm, { modrm: true, imm: IMM_V }));
set(0x6a, spec('push', 'push', st.pushImm, { imm: IMM_BS }));
set(0x6b, spec('imul', 'imul', md.imulRegRmImm, { modrm: true, imm: IMM_BS }));
set(0x6c, spec('ins', 'ins', io.ins, { byte: true, rep: true }));
set(0x6d, spec('ins', 'ins', io.ins, { rep: true }));
set(0x6e, spec('outs', 'outs', io.outs, { byte: true, rep: true }));
set(0x6f, spec('outs', 'outs', io.outs, { rep: true }));

// ---- 70-7F, 0F 80-8F: Jcc; 0F 40-4F CMOVcc; 0F 90-9F SETcc
for (let cc = 0; cc < 16; cc++) {
  set(0x70 + cc, spec(`j${CC_NAMES[cc]}`, 'jcc', ctl.jcc, { imm: IMM_REL8, op: cc }));
  set(0x180 + cc, spec(`j${CC_NAMES[cc]}`, 'jcc', ctl.jcc, { imm: IMM_RELV, op: cc }));
  set(0x140 + cc, spec(`cmov${CC_NAMES[cc]}`, 'cmov', mv.cmovcc, { modrm: true, op: cc }));
  set(0x190 + cc, spec(`set${CC_NAMES[cc]}`, 'setcc', bits.setcc, { modrm: true, byte: true, op: cc }));
}

// ---- 80-8F
const aluGroup = (byte: boolean, imm: number): OpSpec =>
  group(alu.ALU_NAMES.map((mn, op) => spec(mn, 'alu', P((i) => alu.pickAlu(i, 'rmimm')), { byte, imm, op, lock: op !== 7 })));
set(0x80, aluGroup(true, IMM_B));
set(0x81, aluGroup(false, IMM_V));
set(0x82, aluGroup(true, IMM_B));
set(0x83, aluGroup(false, IMM_BS));
set(0x84, spec('test', 'test', alu.testRmReg, { modrm: true, byte: true }));
set(0x85, spec('test', 'test', alu.testRmReg, { modrm: true }));
set(0x86, spec('xchg', 'xchg', mv.xchgRmReg, { modrm: true, byte: true, lock: true }));
set(0x87, spec('xchg', 'xchg', mv.xchgRmReg, { modrm: true, lock: true }));
set(0x88, spec('mov', 'mov', mv.movRmReg, { modrm: true, byte: true }));
set(0x89, spec('mov', 'mov', P((i) => (i.size === 4 ? (i.mod3 ? mv.mov32RR : mv.mov32MR) : mv.movRmReg)), { modrm: true }));
set(0x8a, spec('mov', 'mov', mv.movRegRm, { modrm: true, byte: true }));
set(0x8b, spec('mov', 'mov', P((i) => (i.size === 4 && !i.mod3 ? mv.mov32RM : mv.movRegRm)), { modrm: true }));
set(0x8c, spec('mov', 'movseg', mv.movRmSreg, { modrm: true }));
set(0x8d, spec('lea', 'lea', memOnly(mv.lea), { modrm: true }));
set(0x8e, spec('mov', 'movseg', mv.movSregRm, { modrm: true, end: true }));
set(0x8f, group([spec('pop', 'pop', st.popRm), null, null, null, null, null, null, null]));

// ---- 90-9F
set(0x90, spec('nop', 'nop', sys.nop));
for (let r = 1; r < 8; r++) set(0x90 + r, spec('xchg', 'xchg', mv.xchgAccReg));
set(0x98, spec(bySize('cbw', 'cwde'), 'conv', mv.cbw));
set(0x99, spec(bySize('cwd', 'cdq'), 'conv', mv.cwd));
set(0x9a, spec('call', 'callfar', ctl.farDirect, { imm: IMM_PTR, op: 1, end: true }));
set(0x9b, spec('fwait', 'nop', sys.fwait));
set(0x9c, spec(bySize('pushfw', 'pushf'), 'pushf', st.pushf));
set(0x9d, spec(bySize('popfw', 'popf'), 'popf', st.popf, { end: true }));
set(0x9e, spec('sahf', 'flag', mv.sahf));
set(0x9f, spec('lahf', 'flag', mv.lahf));

// ---- A0-AF
set(0xa0, spec('mov', 'mov', mv.movAccMoffs, { imm: IMM_MOFFS, byte: true }));
set(0xa1, spec('mov', 'mov', mv.movAccMoffs, { imm: IMM_MOFFS }));
set(0xa2, spec('mov', 'mov', mv.movMoffsAcc, { imm: IMM_MOFFS, byte: true }));
set(0xa3, spec('mov', 'mov', mv.movMoffsAcc, { imm: IMM_MOFFS }));
set(0xa4, spec('movs', 'movs', str.movs, { byte: true, rep: true }));
set(0xa5, spec('movs', 'movs', str.movs, { rep: true }));
set(0xa6, spec('cmps', 'cmps', str.cmps, { byte: true, rep: true }));
set(0xa7, spec('cmps', 'cmps', str.cmps, { rep: true }));
set(0xa8, spec('test', 'test', alu.testAccImm, { imm: IMM_B, byte: true }));
set(0xa9, spec('test', 'test', alu.testAccImm, { imm: IMM_V }));
set(0xaa, spec('stos', 'stos', str.stos, { byte: true, rep: true }));
set(0xab, spec('stos', 'stos', str.stos, { rep: true }));
set(0xac, spec('lods', 'lods', str.lods, { byte: true, rep: true }));
set(0xad, spec('lods', 'lods', str.lods, { rep: true }));
set(0xae, spec('scas', 'scas', str.scas, { byte: true, rep: true }));
set(0xaf, spec('scas', 'scas', str.scas, { rep: true }));

// ---- B0-BF: MOV reg, imm
for (let r = 0; r < 8; r++) {
  set(0xb0 + r, spec('mov', 'mov', mv.movRegImm, { imm: IMM_B, byte: true }));
  set(0xb8 + r, spec('mov', 'mov', P((i) => (i.size === 4 ? mv.mov32RegImm : mv.movRegImm)), { imm: IMM_V }));
}

// ---- C0-CF
const shiftGroup = (byte: boolean, imm: number): OpSpec =>
  group(sh.SHIFT_NAMES.map((mn, op) => spec(mn, 'shift', sh.shiftRm, { byte, imm, op })));
set(0xc0, shiftGroup(true, IMM_B));
set(0xc1, shiftGroup(false, IMM_B));
set(0xc2, spec('ret', 'ret', ctl.ret, { imm: IMM_W, end: true }));
set(0xc3, spec('ret', 'ret', ctl.ret, { end: true }));
set(0xc4, spec('les', 'lxs', mv.loadFarPointer, { modrm: true, op: 0 }));
set(0xc5, spec('lds', 'lxs', mv.loadFarPointer, { modrm: true, op: 3 }));
set(0xc6, group([spec('mov', 'mov', mv.movRmImm, { byte: true, imm: IMM_B }), null, null, null, null, null, null, null]));
set(0xc7, group([spec('mov', 'mov', mv.movRmImm, { imm: IMM_V }), null, null, null, null, null, null, null]));
set(0xc8, spec('enter', 'enter', st.enter, { imm: IMM_ENTER }));
set(0xc9, spec('leave', 'leave', st.leave));
set(0xca, spec('retf', 'retfar', ctl.retf, { imm: IMM_W, end: true }));
set(0xcb, spec('retf', 'retfar', ctl.retf, { end: true }));
set(0xcc, spec('int3', 'int', ctl.intN, { end: true }));
set(0xcd, spec('int', 'int', ctl.intN, { imm: IMM_B, end: true }));
set(0xce, spec('into', 'int', ctl.into, { end: true }));
set(0xcf, spec(bySize('iretw', 'iret'), 'iret', ctl.iret, { end: true }));

// ---- D0-DF (x87 escapes D8-DF decode with their ModRM and raise #NM or #UD: there is no FPU)
for (let opc = 0xd8; opc <= 0xdf; opc++) set(opc, spec('(x87)', 'ud', sys.fpuEscape, { modrm: true, end: true }));
set(0xd0, shiftGroup(true, IMM_NONE));
set(0xd1, shiftGroup(false, IMM_NONE));
set(0xd2, shiftGroup(true, IMM_NONE));
set(0xd3, shiftGroup(false, IMM_NONE));
set(0xd4, spec('aam', 'aam', fb.aam, { imm: IMM_B }));
set(0xd5, spec('aad', 'aad', fb.aad, { imm: IMM_B }));
set(0xd7, spec('xlat', 'xlat', mv.xlat));

// ---- E0-EF
set(0xe0, spec('loopne', 'loop', ctl.loop, { imm: IMM_REL8, op: 0 }));
set(0xe1, spec('loope', 'loop', ctl.loop, { imm: IMM_REL8, op: 1 }));
set(0xe2, spec('loop', 'loop', ctl.loop, { imm: IMM_REL8, op: 2 }));
set(0xe3, spec((i) => (i.asize === 2 ? 'jcxz' : 'jecxz'), 'loop', ctl.loop, { imm: IMM_REL8, op: 3 }));
set(0xe4, spec('in', 'in', io.inPort, { imm: IMM_B, byte: true, op: 0 }));
set(0xe5, spec('in', 'in', io.inPort, { imm: IMM_B, op: 0 }));
set(0xe6, spec('out', 'out', io.outPort, { imm: IMM_B, byte: true, op: 0 }));
set(0xe7, spec('out', 'out', io.outPort, { imm: IMM_B, op: 0 }));
set(0xe8, spec('call', 'call', ctl.callRel, { imm: IMM_RELV, end: true }));
set(0xe9, spec('jmp', 'jmp', ctl.jmpRel, { imm: IMM_RELV, end: true }));
set(0xea, spec('jmp', 'jmpfar', ctl.farDirect, { imm: IMM_PTR, op: 0, end: true }));
set(0xeb, spec('jmp', 'jmp', ctl.jmpRel, { imm: IMM_REL8, end: true }));
set(0xec, spec('in', 'in', io.inPort, { byte: true, op: 1 }));
set(0xed, spec('in', 'in', io.inPort, { op: 1 }));
set(0xee, spec('out', 'out', io.outPort, { byte: true, op: 1 }));
set(0xef, spec('out', 'out', io.outPort, { op: 1 }));

// ---- F0-FF
set(0xf4, spec('hlt', 'hlt', sys.hlt, { end: true }));
set(0xf5, spec('cmc', 'flag', fb.cmc));
const f6Group = (byte: boolean, imm: number): OpSpec =>
  group([
    spec('test', 'test', alu.testRmImm, { byte, imm }),
    spec('test', 'test', alu.testRmImm, { byte, imm }),
    spec('not', 'incdec', alu.notRm, { byte, lock: true }),
    spec('neg', 'alu', alu.negRm, { byte, lock: true }),
    spec('mul', 'mul', md.mulRm, { byte }),
    spec('imul', 'imul', md.imulRm, { byte }),
    spec('div', 'div', md.divRm, { byte }),
    spec('idiv', 'idiv', md.idivRm, { byte }),
  ]);
set(0xf6, f6Group(true, IMM_B));
set(0xf7, f6Group(false, IMM_V));
set(0xf8, spec('clc', 'flag', fb.clc));
set(0xf9, spec('stc', 'flag', fb.stc));
set(0xfa, spec('cli', 'cli', fb.cli));
set(0xfb, spec('sti', 'cli', fb.sti, { end: true }));
set(0xfc, spec('cld', 'flag', fb.cld));
set(0xfd, spec('std', 'flag', fb.std));
set(0xfe, group([
  spec('inc', 'incdec', alu.incDecRm, { byte: true, op: 0, lock: true }),
  spec('dec', 'incdec', alu.incDecRm, { byte: true, op: 1, lock: true }),
  null, null, null, null, null, null,
]));
set(0xff, group([
  spec('inc', 'incdec', alu.incDecRm, { op: 0, lock: true }),
  spec('dec', 'incdec', alu.incDecRm, { op: 1, lock: true }),
  spec('call', 'call', ctl.callRm, { end: true }),
  spec('call', 'callfar', memOnly(ctl.farIndirect), { op: 1, end: true }),
  spec('jmp', 'jmp', ctl.jmpRm, { end: true }),
  spec('jmp', 'jmpfar', memOnly(ctl.farIndirect), { op: 0, end: true }),
  spec('push', 'push', st.pushRm),
  null,
]));

// ---- 0F xx
set(0x100, group([
  spec('sldt', 'ldtr', sys.group0f00, { op: 0 }),
  spec('str', 'ldtr', sys.group0f00, { op: 1 }),
  spec('lldt', 'ldtr', sys.group0f00, { op: 2 }),
  spec('ltr', 'ldtr', sys.group0f00, { op: 3 }),
  spec('verr', 'ldtr', dsc.verify, { op: 4 }),
  spec('verw', 'ldtr', dsc.verify, { op: 5 }),
  null, null,
]));
set(0x102, spec('lar', 'ldtr', dsc.larLsl, { modrm: true, op: 0 }));
set(0x103, spec('lsl', 'ldtr', dsc.larLsl, { modrm: true, op: 1 }));
set(0x11f, group([spec('nop', 'nop', sys.nop), null, null, null, null, null, null, null]));
set(0x121, spec('mov', 'movcr', dsc.movDr, { modrm: true, op: 0 }));
set(0x123, spec('mov', 'movcr', dsc.movDr, { modrm: true, op: 1, end: true }));
set(0x63, spec('arpl', 'ldtr', dsc.arpl, { modrm: true }));
set(0xd6, spec('salc', 'flag', dsc.salc));
set(0xf1, spec('int1', 'int', dsc.icebp, { end: true }));
set(0x101, group([
  spec('sgdt', 'descr', memOnly(sys.group0f01), { op: 0 }),
  spec('sidt', 'descr', memOnly(sys.group0f01), { op: 1 }),
  spec('lgdt', 'descr', memOnly(sys.group0f01), { op: 2, end: true }),
  spec('lidt', 'descr', memOnly(sys.group0f01), { op: 3, end: true }),
  spec('smsw', 'descr', sys.group0f01, { op: 4 }),
  null,
  spec('lmsw', 'movcr', sys.group0f01, { op: 6, end: true }),
  spec('invlpg', 'invlpg', memOnly(sys.group0f01), { op: 7, end: true }),
]));
set(0x106, spec('clts', 'movcr', sys.clts));
set(0x108, spec('invd', 'nop', sys.invd));
set(0x109, spec('wbinvd', 'nop', sys.invd));
set(0x10b, spec('ud2', 'ud', sys.undefinedOpcode, { end: true }));
set(0x120, spec('mov', 'movcr', sys.movFromCr, { modrm: true }));
set(0x122, spec('mov', 'movcr', sys.movToCr, { modrm: true, end: true }));
set(0x130, spec('wrmsr', 'msr', sys.wrmsr, { end: true }));
set(0x131, spec('rdtsc', 'rdtsc', sys.rdtsc));
set(0x132, spec('rdmsr', 'msr', sys.rdmsr));
set(0x1a2, spec('cpuid', 'cpuid', sys.cpuid));
set(0x1a3, spec('bt', 'bt', bits.btRmReg, { modrm: true, op: 0 }));
set(0x1a4, spec('shld', 'shiftd', sh.doubleShiftRm, { modrm: true, imm: IMM_B, op: 0 }));
set(0x1a5, spec('shld', 'shiftd', sh.doubleShiftRm, { modrm: true, op: 0 }));
set(0x1ab, spec('bts', 'btx', bits.btRmReg, { modrm: true, op: 1, lock: true }));
set(0x1ac, spec('shrd', 'shiftd', sh.doubleShiftRm, { modrm: true, imm: IMM_B, op: 1 }));
set(0x1ad, spec('shrd', 'shiftd', sh.doubleShiftRm, { modrm: true, op: 1 }));
set(0x1af, spec('imul', 'imul', md.imulRegRm, { modrm: true }));
set(0x1b0, spec('cmpxchg', 'cmpxchg', mv.cmpxchg, { modrm: true, byte: true, lock: true }));
set(0x1b1, spec('cmpxchg', 'cmpxchg', mv.cmpxchg, { modrm: true, lock: true }));
set(0x1b2, spec('lss', 'lxs', mv.loadFarPointer, { modrm: true, op: 2, end: true }));
set(0x1b3, spec('btr', 'btx', bits.btRmReg, { modrm: true, op: 2, lock: true }));
set(0x1b4, spec('lfs', 'lxs', mv.loadFarPointer, { modrm: true, op: 4 }));
set(0x1b5, spec('lgs', 'lxs', mv.loadFarPointer, { modrm: true, op: 5 }));
set(0x1b6, spec('movzx', 'movx', mv.movzx, { modrm: true }));
set(0x1b7, spec('movzx', 'movx', mv.movzx, { modrm: true }));
set(0x1ba, group([
  null, null, null, null,
  spec('bt', 'bt', bits.btRmImm, { imm: IMM_B, op: 0 }),
  spec('bts', 'btx', bits.btRmImm, { imm: IMM_B, op: 1, lock: true }),
  spec('btr', 'btx', bits.btRmImm, { imm: IMM_B, op: 2, lock: true }),
  spec('btc', 'btx', bits.btRmImm, { imm: IMM_B, op: 3, lock: true }),
]));
set(0x1bb, spec('btc', 'btx', bits.btRmReg, { modrm: true, op: 3, lock: true }));
set(0x1bc, spec('bsf', 'bscan', bits.bitScan, { modrm: true, op: 0 }));
set(0x1bd, spec('bsr', 'bscan', bits.bitScan, { modrm: true, op: 1 }));
set(0x1be, spec('movsx', 'movx', mv.movsx, { modrm: true }));
set(0x1bf, spec('movsx', 'movx', mv.movsx, { modrm: true }));
set(0x1c0, spec('xadd', 'xadd', mv.xadd, { modrm: true, byte: true, lock: true }));
set(0x1c1, spec('xadd', 'xadd', mv.xadd, { modrm: true, lock: true }));
set(0x1c7, group([null, spec('cmpxchg8b', 'cmpxchg8b', memOnly(mv.cmpxchg8b), { lock: true }), null, null, null, null, null, null]));
for (let r = 0; r < 8; r++) set(0x1c8 + r, spec('bswap', 'bswap', bits.bswap));

/** VMCALL is 0F 01 with ModRM C1 (a register form of the 0F 01 group). */
export const VMCALL_SPEC = spec('vmcall', 'vmcall', sys.vmcall, { end: true });

/** Source size of MOVZX/MOVSX by opcode. */
export function extendSourceSize(opcode: number): number {
  return opcode === 0x1b6 || opcode === 0x1be ? 1 : 2;
}

/** Spec for an opcode and ModRM reg field (resolving groups); null when not implemented. */
export function lookupSpec(opcode: number, reg: number): OpSpec | null {
  const s = TABLE[opcode];
  if (s === null || s.group === null) return s;
  return s.group[reg];
}

applyOperandLayouts(TABLE);
