// Block compiler: turns a hot decoded block into one JavaScript function (via `new Function`) in
// which the common 32-bit instructions (MOV, LEA, ADD/OR/AND/SUB/XOR/CMP, TEST, INC/DEC, PUSH/POP,
// shifts by a constant, Jcc/JMP, CALL rel/RET) and the common byte forms (MOV r8, MOVZX, ALU/TEST on byte
// registers) are inlined with their register numbers, displacements and immediates as constants,
// and every other instruction calls its ordinary handler. The function returns how many
// instructions retired. It keeps the interpreter's contract exactly:
//   - before any instruction that can fault or observe state (memory access, handler call),
//     c.eip holds that instruction's `next` and c.cycles includes every earlier instruction, so a
//     CpuFault is attributed by the run loop to the instruction whose `next` equals c.eip;
//   - lazy-flag state is written exactly as the handlers write it;
//   - after anything that may branch or request a break, the block is left (eip !== cont — next,
//     or the target of a CALL/JMP the block follows — or c.breakBlock), returning the count of
//     retired instructions.
// Invariant relied on: within a block, instruction `next` values are distinct (blocks never wrap).
import type { Cpu } from './cpu';
import type { Insn } from './insn';
import { testCC, OP_ADD, OP_SUB, OP_LOGIC, OP_INC, OP_DEC } from './flags';
import { ARITH_FLAGS, CF } from './regs';
import { keepCarry } from './ops/alu';

export type CompiledBlock = (c: Cpu) => number;

const ALU_EXPR: Record<number, [string, number] | undefined> = {
  0: ['(a + b) | 0', OP_ADD],
  1: ['a | b', OP_LOGIC],
  4: ['a & b', OP_LOGIC],
  5: ['(a - b) | 0', OP_SUB],
  6: ['a ^ b', OP_LOGIC],
  7: ['(a - b) | 0', OP_SUB],
};

/** False while emitting an instruction whose flags a later instruction overwrites unread. */
let flagsLive = true;

/**
 * State of the final emission pass over a block (inline() also runs for analysis, which must
 * not touch it): `emitting` is true during it; `produced` is what the instruction just emitted
 * left in the lazy-flag fields (see Producer); `maskSize` is the operand size whose lMask/lSign
 * the block has already stored since its start or its last handler call (0: unknown), so a later
 * lazy update of that size need not store them again.
 */
let emitting = false;
let produced: Producer | null = null;
let maskSize = 0;

/**
 * The last instruction that set the lazy flags in this block, for a Jcc reading them: 'sub'
 * (SUB/CMP: lA, lB are the int32 operands), 'logic' (CF = OF = 0) or 'result' (only ZF and SF
 * follow from lR), and its operand size.
 */
interface Producer { kind: 'sub' | 'logic' | 'result'; size: number }

function lazy(op: number, a: string, b: string, x: string, mask = ARITH_FLAGS, size = 4): string {
  if (!flagsLive) return '';
  const [m, sg] = size === 4 ? [-1, -2147483648] : [0xff, 0x80];
  let masks = ` c.lMask = ${m}; c.lSign = ${sg};`;
  if (emitting) {
    produced = { kind: mask !== ARITH_FLAGS ? 'result' : op === OP_SUB ? 'sub' : op === OP_LOGIC ? 'logic' : 'result', size };
    if (maskSize === size) masks = '';
    maskSize = size;
  }
  return `c.lOp = ${op}; c.lA = ${a}; c.lB = ${b}; c.lR = ${x};${masks} c.lazy = ${mask};`;
}

/**
 * Condition `cc` (Jcc/SETcc numbering) as a JavaScript expression over the lazy-flag fields the
 * producer `p` just wrote, or null where only testCC can tell (PF, OF of SUB/ADD, ...).
 */
function fusedCondition(cc: number, p: Producer): string | null {
  const z = 'c.lR === 0';
  const sf = p.size === 4 ? 'c.lR < 0' : '(c.lR & 128) !== 0';
  let r: string | null = null;
  switch (cc >> 1) {
    case 2: r = z; break;
    case 4: r = sf; break;
    case 0: r = p.kind === 'logic' ? 'false' : null; break; // O
    case 1: r = p.kind === 'logic' ? 'false' : p.kind === 'sub' ? (p.size === 4 ? '(c.lA >>> 0) < (c.lB >>> 0)' : 'c.lA < c.lB') : null; break; // B
    case 3: r = p.kind === 'logic' ? z : p.kind === 'sub' ? (p.size === 4 ? '(c.lA >>> 0) <= (c.lB >>> 0)' : 'c.lA <= c.lB') : null; break; // BE
    case 6: r = p.kind === 'logic' ? sf : p.kind === 'sub' && p.size === 4 ? 'c.lA < c.lB' : null; break; // L
    case 7: r = p.kind === 'logic' ? `(${z} || ${sf})` : p.kind === 'sub' && p.size === 4 ? 'c.lA <= c.lB' : null; break; // LE
    default: r = null; // P
  }
  if (r === null) return null;
  return (cc & 1) !== 0 ? `!(${r})` : `(${r})`;
}

/** The producer the Jcc being compiled may read (set by compileBlock). */
let flagSource: Producer | null = null;

/** Expression for 8-bit register n (AL CL DL BL AH CH DH BH) in the byte view `r8`. */
function reg8(n: number): string {
  return `r8[${((n & 3) << 2) | (n >> 2)}]`;
}

/**
 * Byte-sized forms common in driver code: MOV r8 (reg, imm, memory through Cpu.read8/write8),
 * MOVZX r32 from r/m8 or r/m16, ALU r/m8 with imm8 / r8 (register forms), AL with imm8, TEST.
 */
function inlineByte(i: Insn): Emitted | null {
  if (i.asize !== 4 || i.lock) return null;
  const op = i.opcode;
  const mem = i.hasModrm && !i.mod3;
  const s = i.seg;
  if (op === 0x1b6 || op === 0x1b7) {
    if (i.size !== 4) return null;
    const src = mem ? `c.read${i.imm2 * 8}(${s}, ${ea(i)})` : i.imm2 === 1 ? reg8(i.rm) : `r16[${i.rm << 1}]`;
    return { code: `r[${i.reg}] = ${src};`, mayFault: mem, mayExit: false };
  }
  if (i.size !== 1) return null;
  if (op === 0x88) {
    return mem ? { code: `c.write8(${s}, ${ea(i)}, ${reg8(i.reg)});`, mayFault: true, mayExit: true, storeOnly: true }
      : { code: `${reg8(i.rm)} = ${reg8(i.reg)};`, mayFault: false, mayExit: false };
  }
  if (op === 0x8a) {
    return mem ? { code: `${reg8(i.reg)} = c.read8(${s}, ${ea(i)});`, mayFault: true, mayExit: false }
      : { code: `${reg8(i.reg)} = ${reg8(i.rm)};`, mayFault: false, mayExit: false };
  }
  if (op >= 0xb0 && op <= 0xb7) return { code: `${reg8(i.reg)} = ${i.imm & 0xff};`, mayFault: false, mayExit: false };
  const aluOp = op === 0x80 || op === 0x82 ? i.reg : op < 0x40 && ((op & 7) === 4 || (op & 7) === 0 || (op & 7) === 2) ? op >> 3 : -1;
  const alu = aluOp >= 0 ? ALU_EXPR[aluOp] : undefined;
  if (alu !== undefined && !mem) {
    const [expr, lop] = alu;
    const write = aluOp !== 7;
    let dst: string, src: string;
    if (op === 0x80 || op === 0x82) [dst, src] = [reg8(i.rm), String(i.imm & 0xff)];
    else if ((op & 7) === 4) [dst, src] = ['r8[0]', String(i.imm & 0xff)];
    else if ((op & 7) === 0) [dst, src] = [reg8(i.rm), reg8(i.reg)];
    else [dst, src] = [reg8(i.reg), reg8(i.rm)];
    return {
      code: `{ const a = ${dst}, b = ${src}, x = (${expr}) & 255; ${write ? `${dst} = x; ` : ''}${lazy(lop, 'a', 'b', 'x', ARITH_FLAGS, 1)} }`,
      mayFault: false, mayExit: false, kills: true,
    };
  }
  if ((op === 0xa8 || op === 0x84) && !mem) {
    const [a, b] = op === 0xa8 ? ['r8[0]', String(i.imm & 0xff)] : [reg8(i.rm), reg8(i.reg)];
    return { code: `{ const a = ${a}, b = ${b}, x = a & b; ${lazy(OP_LOGIC, 'a', 'b', 'x', ARITH_FLAGS, 1)} }`, mayFault: false, mayExit: false, kills: true };
  }
  return null;
}

/**
 * Statement loading the dword at segment s, offset `off` into the already declared variable
 * `dst`: the TLB hit path inline (flat-checked segment, page-internal access), else Cpu.read32.
 */
function load(dst: string, s: number, off: string): string {
  return `{ const o_ = ${off}, l_ = (o_ + SB[${s}]) | 0, v_ = l_ >>> 12, t_ = v_ & 4095, p_ = l_ & 4095; ` +
    `if ((c.segSlow & ${1 << s}) === 0 && TR[t_] === (v_ | c.userTag) && p_ <= 4092) { const a_ = TA[t_], q_ = TO[t_] + p_; ` +
    `${dst} = a_[q_] | (a_[q_ + 1] << 8) | (a_[q_ + 2] << 16) | (a_[q_ + 3] << 24); } else ${dst} = c.read32(${s}, o_); }`;
}

/** Statement storing `val` (an expression evaluated once) as a dword at segment s, offset `off`. */
function store(s: number, off: string, val: string): string {
  return `{ const o_ = ${off}, w_ = ${val}, l_ = (o_ + SB[${s}]) | 0, v_ = l_ >>> 12, t_ = v_ & 4095, p_ = l_ & 4095; ` +
    `if ((c.segSlow & ${1 << s}) === 0 && TW[t_] === (v_ | c.userTag) && p_ <= 4092) { const a_ = TA[t_], q_ = TO[t_] + p_; ` +
    `a_[q_] = w_; a_[q_ + 1] = w_ >> 8; a_[q_ + 2] = w_ >> 16; a_[q_ + 3] = w_ >> 24; } else c.write32(${s}, o_, w_); }`;
}

/**
 * Statement for a read-modify-write dword at segment s, offset `off`: loads the already declared
 * `a`, runs `compute` (which sets the declared `x` from it), stores `x`. A write-TLB hit implies a
 * read hit (both tags are set together), so the fast path checks once; else Cpu.read32 then
 * Cpu.write32, as the separate load and store would.
 */
function rmw(s: number, off: string, compute: string): string {
  return `{ const o_ = ${off}, l_ = (o_ + SB[${s}]) | 0, v_ = l_ >>> 12, t_ = v_ & 4095, p_ = l_ & 4095; ` +
    `if ((c.segSlow & ${1 << s}) === 0 && TW[t_] === (v_ | c.userTag) && p_ <= 4092) { const a_ = TA[t_], q_ = TO[t_] + p_; ` +
    `a = a_[q_] | (a_[q_ + 1] << 8) | (a_[q_ + 2] << 16) | (a_[q_ + 3] << 24); ${compute} ` +
    `a_[q_] = x; a_[q_ + 1] = x >> 8; a_[q_ + 2] = x >> 16; a_[q_ + 3] = x >> 24; } ` +
    `else { a = c.read32(${s}, o_); ${compute} c.write32(${s}, o_, x); } }`;
}

/** Effective-address expression for a 32-bit-addressed memory operand. */
function ea(i: Insn): string {
  const parts: string[] = [];
  if (i.base >= 0) parts.push(`r[${i.base}]`);
  if (i.index >= 0) parts.push(i.scale === 0 ? `r[${i.index}]` : `(r[${i.index}] << ${i.scale})`);
  if (i.disp !== 0 || parts.length === 0) parts.push(String(i.disp));
  return parts.length === 1 && i.base >= 0 && i.index < 0 ? parts[0] : `((${parts.join(' + ')}) | 0)`;
}

interface Emitted {
  code: string;
  /** Touches memory or calls a handler: may fault, may observe eip/cycles. */
  mayFault: boolean;
  /** May change eip (branch) or set c.breakBlock: leave the block when it did. */
  mayExit: boolean;
  /** Exits only through c.breakBlock (a store into a code page), never by changing eip. */
  storeOnly?: boolean;
  /** Writes all six arithmetic flags without reading any. */
  kills?: boolean;
  /** Reads flags (conditions, carry-in, INC/DEC keeping CF). */
  reads?: boolean;
}

const SHIFT_FLAGS = ARITH_FLAGS;
const RESULT_LAZY = 0xc4; // PF | ZF | SF

/** SHL/SHR/SAR reg, imm (count 1-31) inline; null for other forms. */
function inlineShift(i: Insn): Emitted | null {
  if (i.mod3 !== true || (i.opcode !== 0xc1 && i.opcode !== 0xd1)) return null;
  const n = i.imm & 31;
  if (n === 0 || (i.reg !== 4 && i.reg !== 5 && i.reg !== 7)) return null;
  let x: string, cf: string, of: string;
  if (i.reg === 4) {
    x = `a << ${n}`;
    cf = `(a >>> ${32 - n}) & 1`;
    of = `((x >>> 31) ^ cf)`;
  } else if (i.reg === 5) {
    x = `(a >>> ${n}) | 0`;
    cf = `(a >>> ${n - 1}) & 1`;
    of = `(a >>> 31)`;
  } else {
    x = `a >> ${n}`;
    cf = `(a >> ${n - 1}) & 1`;
    of = '0';
  }
  let masks = ' c.lMask = -1; c.lSign = -2147483648;';
  if (emitting && flagsLive) {
    produced = { kind: 'result', size: 4 };
    if (maskSize === 4) masks = '';
    maskSize = 4;
  }
  const flags = flagsLive
    ? ` const cf = ${cf}; c.flags = (c.flags & ${~SHIFT_FLAGS}) | cf | (${of} << 11); c.lOp = ${OP_LOGIC}; c.lR = x;${masks} c.lazy = ${RESULT_LAZY};`
    : '';
  return { code: `{ const a = r[${i.rm}], x = ${x}; r[${i.rm}] = x;${flags} }`, mayFault: false, mayExit: false, kills: true };
}

/** Inline code for `i` or null to call its handler. */
function inline(i: Insn): Emitted | null {
  if (i.size !== 4 || (i.opcode & 0x1fe) === 0x1b6) return inlineByte(i);
  if (i.asize !== 4 || i.lock) return null;
  const op = i.opcode;
  const mem = i.hasModrm && !i.mod3;
  const s = i.seg;
  // MOV
  if (op === 0x89) {
    return mem ? { code: store(s, ea(i), `r[${i.reg}]`), mayFault: true, mayExit: true, storeOnly: true }
      : { code: `r[${i.rm}] = r[${i.reg}];`, mayFault: false, mayExit: false };
  }
  if (op === 0x8b) {
    return mem ? { code: `{ let v; ${load('v', s, ea(i))} r[${i.reg}] = v; }`, mayFault: true, mayExit: false }
      : { code: `r[${i.reg}] = r[${i.rm}];`, mayFault: false, mayExit: false };
  }
  if (op >= 0xb8 && op <= 0xbf) return { code: `r[${i.reg}] = ${i.imm | 0};`, mayFault: false, mayExit: false };
  if (op === 0xc7 && i.reg === 0) {
    return mem ? { code: store(s, ea(i), String(i.imm | 0)), mayFault: true, mayExit: true, storeOnly: true }
      : { code: `r[${i.rm}] = ${i.imm | 0};`, mayFault: false, mayExit: false };
  }
  if (op === 0x8d && mem) return { code: `r[${i.reg}] = ${ea(i)};`, mayFault: false, mayExit: false };
  // ALU r/m, reg / reg, r/m / r/m, imm / eAX, imm
  if (op < 0x40 && (op & 7) <= 5 && (op & 7) !== 0 && (op & 7) !== 2 && (op & 7) !== 4) {
    const alu = ALU_EXPR[op >> 3];
    if (alu === undefined) return null;
    const [expr, lop] = alu;
    const write = op >> 3 !== 7;
    const form = op & 7;
    if (form === 5) {
      return { code: `{ const a = r[0], b = ${i.imm | 0}, x = ${expr}; ${write ? 'r[0] = x; ' : ''}${lazy(lop, 'a', 'b', 'x')} }`, mayFault: false, mayExit: false, kills: true };
    }
    if (form === 1) {
      if (!mem) return { code: `{ const a = r[${i.rm}], b = r[${i.reg}], x = ${expr}; ${write ? `r[${i.rm}] = x; ` : ''}${lazy(lop, 'a', 'b', 'x')} }`, mayFault: false, mayExit: false, kills: true };
      if (write) {
        return {
          code: `{ const b = r[${i.reg}]; let a = 0, x = 0; ${rmw(s, ea(i), `x = ${expr};`)} ${lazy(lop, 'a', 'b', 'x')} }`,
          mayFault: true, mayExit: true, storeOnly: true,
        };
      }
      return {
        code: `{ const o = ${ea(i)}; let a; ${load('a', s, 'o')} const b = r[${i.reg}], x = ${expr}; ${lazy(lop, 'a', 'b', 'x')} }`,
        mayFault: true, mayExit: false,
      };
    }
    // form 3: reg, r/m
    const src = mem ? `let b; ${load('b', s, ea(i))}` : `const b = r[${i.rm}];`;
    return { code: `{ ${src} const a = r[${i.reg}], x = ${expr}; ${write ? `r[${i.reg}] = x; ` : ''}${lazy(lop, 'a', 'b', 'x')} }`, mayFault: mem, mayExit: false, kills: true };
  }
  if ((op === 0x81 || op === 0x83) && ALU_EXPR[i.reg] !== undefined) {
    const [expr, lop] = ALU_EXPR[i.reg] as [string, number];
    const write = i.reg !== 7;
    if (!mem) return { code: `{ const a = r[${i.rm}], b = ${i.imm | 0}, x = ${expr}; ${write ? `r[${i.rm}] = x; ` : ''}${lazy(lop, 'a', 'b', 'x')} }`, mayFault: false, mayExit: false, kills: true };
    if (write) {
      return {
        code: `{ const b = ${i.imm | 0}; let a = 0, x = 0; ${rmw(s, ea(i), `x = ${expr};`)} ${lazy(lop, 'a', 'b', 'x')} }`,
        mayFault: true, mayExit: true, storeOnly: true,
      };
    }
    return {
      code: `{ const o = ${ea(i)}; let a; ${load('a', s, 'o')} const b = ${i.imm | 0}, x = ${expr}; ${lazy(lop, 'a', 'b', 'x')} }`,
      mayFault: true, mayExit: false,
    };
  }
  if (op === 0x85 && !mem) {
    return { code: `{ const a = r[${i.rm}], b = r[${i.reg}], x = a & b; ${lazy(OP_LOGIC, 'a', 'b', 'x')} }`, mayFault: false, mayExit: false, kills: true };
  }
  // TEST eAX, imm / TEST r/m, imm (F7 /0 and its alias /1)
  if (op === 0xa9 || (op === 0xf7 && i.reg <= 1)) {
    const src = op === 0xa9 ? 'const a = r[0];' : mem ? `let a; ${load('a', s, ea(i))}` : `const a = r[${i.rm}];`;
    return { code: `{ ${src} const b = ${i.imm | 0}, x = a & b; ${lazy(OP_LOGIC, 'a', 'b', 'x')} }`, mayFault: op === 0xf7 && mem, mayExit: false, kills: true };
  }
  // CALL rel / RET [imm16] with a 32-bit stack (as PUSH/POP below; the target was resolved at decode)
  if (op === 0xe8) {
    return {
      code: `{ const pv = ${i.next | 0}; if (c.ssMask === -1) { const sp = (r[4] - 4) | 0; ${store(2, 'sp', 'pv')} r[4] = sp; } else c.push32(pv); c.eip = ${i.imm | 0}; }`,
      mayFault: true, mayExit: true,
    };
  }
  if (op === 0xc3 || op === 0xc2) {
    const n = 4 + (op === 0xc2 ? i.imm & 0xffff : 0);
    return {
      code: `{ let v; if (c.ssMask === -1) { ${load('v', 2, 'r[4]')} r[4] = (r[4] + ${n}) | 0; } else { v = c.peekStack(4, 0); c.adjustSp(${n}); } c.eip = v; }`,
      mayFault: true, mayExit: true,
    };
  }
  // INC / DEC reg (CF preserved)
  if (op >= 0x40 && op <= 0x4f) {
    const dec = op >= 0x48;
    const keep = flagsLive ? `if ((c.lazy & ${CF}) !== 0) KC(c); ` : '';
    return {
      code: `{ ${keep}const a = r[${i.reg}], x = (a ${dec ? '-' : '+'} 1) | 0; r[${i.reg}] = x; ${lazy(dec ? OP_DEC : OP_INC, 'a', '1', 'x', ARITH_FLAGS & ~CF)} }`,
      mayFault: false, mayExit: false, reads: true,
    };
  }
  // PUSH/POP with a 32-bit stack inline (the stack pointer is committed only after the access)
  if (op >= 0x50 && op <= 0x57) {
    return {
      code: `{ const pv = r[${i.reg}]; if (c.ssMask === -1) { const sp = (r[4] - 4) | 0; ${store(2, 'sp', 'pv')} r[4] = sp; } else c.push32(pv); }`,
      mayFault: true, mayExit: true, storeOnly: true,
    };
  }
  if (op >= 0x58 && op <= 0x5f) {
    return {
      code: `{ let v; if (c.ssMask === -1) { ${load('v', 2, 'r[4]')} r[4] = (r[4] + 4) | 0; } else v = c.pop32(); r[${i.reg}] = v; }`,
      mayFault: true, mayExit: false,
    };
  }
  // Jcc / JMP (targets resolved at decode)
  if ((op >= 0x70 && op <= 0x7f) || (op >= 0x180 && op <= 0x18f)) {
    const cond = flagSource === null ? null : fusedCondition(i.op, flagSource);
    return { code: `if (${cond ?? `TCC(c, ${i.op})`}) { c.eip = ${i.imm | 0}; c.cycles += BT; }`, mayFault: false, mayExit: true, reads: true };
  }
  if (op === 0xeb || op === 0xe9) return { code: `c.eip = ${i.imm | 0};`, mayFault: false, mayExit: true };
  return inlineShift(i);
}

/**
 * Whether the flags written by insns[k] are overwritten by a later instruction of the block
 * before anything can read them or observe them (a fault pushes EFLAGS; a handler may read them).
 */
function flagsDead(insns: Insn[], k: number): boolean {
  for (let j = k + 1; j < insns.length; j++) {
    const e = inline(insns[j]);
    if (e === null || e.mayFault || e.mayExit || e.reads === true) return false;
    if (e.kills === true) return true;
  }
  return false;
}

/** Compile a block; the result is valid as long as the block itself is (same Insn objects). */
export function compileBlock(insns: Insn[], branchTaken: number): CompiledBlock {
  const lines: string[] = ['const r = c.r32, r8 = c.r8, r16 = c.r16, SB = c.segBase, TR = c.tagR, TW = c.tagW, TA = c.tlbArr, TO = c.tlbOff;'];
  let pending = 0;
  const n = insns.length;
  flagSource = null;
  maskSize = 0;
  for (let k = 0; k < n; k++) {
    const i = insns[k];
    flagsLive = true;
    const probe = inline(i);
    flagsLive = !(probe !== null && (probe.kills === true || probe.reads === true) && flagsDead(insns, k));
    // the emission pass: the same code as the analysis saw, plus flag-producer bookkeeping
    emitting = true;
    produced = null;
    const e = inline(i);
    emitting = false;
    flagsLive = true;
    const jcc = (i.opcode >= 0x70 && i.opcode <= 0x7f) || (i.opcode >= 0x180 && i.opcode <= 0x18f);
    if (produced !== null) flagSource = produced;
    else if (e === null || e.kills === true || (e.reads === true && !jcc)) flagSource = null;
    if (e === null) maskSize = 0; // a handler may leave other lMask/lSign values
    const mayFault = e === null || e.mayFault;
    const mayExit = e === null || e.mayExit;
    if (mayFault || mayExit) {
      if (pending !== 0) lines.push(`c.cycles += ${pending};`);
      pending = 0;
      lines.push(`c.eip = ${i.next | 0};`);
    }
    lines.push(e === null ? `I[${k}].exec(c, I[${k}]);` : e.code);
    if (mayFault || mayExit) lines.push(`c.cycles += ${i.cost};`);
    else pending += i.cost;
    if (mayExit && k < n - 1) lines.push(e?.storeOnly === true ? `if (c.breakBlock) return ${k + 1};` : `if (c.eip !== ${i.cont | 0} || c.breakBlock) return ${k + 1};`);
  }
  if (pending !== 0) lines.push(`c.cycles += ${pending};`);
  const last = insns[n - 1];
  flagsLive = true;
  const lastInline = inline(last);
  if (lastInline !== null && !lastInline.mayFault && !lastInline.mayExit) lines.push(`c.eip = ${last.next | 0};`);
  lines.push(`return ${n};`);
  const factory = new Function('I', 'TCC', 'KC', 'BT', `return function block(c) {\n${lines.join('\n')}\n};`) as (
    I: Insn[], tcc: typeof testCC, kc: typeof keepCarry, bt: number,
  ) => CompiledBlock;
  return factory(insns, testCC, keepCarry, branchTaken);
}
