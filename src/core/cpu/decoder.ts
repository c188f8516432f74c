// Instruction decoder: bytes -> Insn (prefixes, opcode, ModRM/SIB/displacement, immediates),
// driven by the opcode table. decodeInsn works on any byte source (the objdump test feeds it a
// buffer); decodeBlock feeds it guest code through the execute-permission TLB and collects a
// straight-line block. Decoding never raises #UD itself: an unknown or invalid encoding gets the
// #UD handler, so the fault happens only if the instruction is actually executed. Fetch faults
// (#PF, CS limit #GP) are raised for a block's first instruction and end the block otherwise.
import type { Cpu } from './cpu';
import { Insn, REP_E, REP_NE, REP_NONE } from './insn';
import {
  TABLE, VMCALL_SPEC, extendSourceSize, IMM_NONE, IMM_B, IMM_BS, IMM_V, IMM_W, IMM_ENTER, IMM_PTR,
  IMM_MOFFS, IMM_REL8, IMM_RELV, type OpSpec,
} from './opcodes';
import { undefinedOpcode } from './ops/system';
import { CpuFault, gp } from './fault';
import { translate, ACCESS_EXEC, TLB_SIZE } from './mmu';
import type { CycleTable } from './cycles';
import { EBP, ESP, DS, SS } from './regs';

/** Byte k (0-based) of the instruction being decoded. */
export type ByteSource = (k: number) => number;

const MAX_LEN = 15;
const MAX_BLOCK = 32;

// 16-bit addressing: base and index register per rm (-1 = none)
const BASE16 = [3, 3, 5, 5, 6, 7, 5, 3];
const INDEX16 = [6, 7, 6, 7, -1, -1, -1, -1];

/**
 * Decode one instruction at `eip` whose bytes come from `src`. `default32` is CS.D.
 * Throws only what `src` throws (fetch faults) and #GP(0) for more than 15 bytes.
 */
export function decodeInsn(src: ByteSource, eip: number, default32: boolean, cycles: CycleTable): Insn {
  const i = new Insn();
  let k = 0;
  let opsize = default32 ? 4 : 2, asize = opsize;
  let b: number;
  for (;;) {
    if (k >= MAX_LEN) gp(0);
    b = src(k++);
    if (b === 0x66) opsize = default32 ? 2 : 4;
    else if (b === 0x67) asize = default32 ? 2 : 4;
    else if (b === 0xf3) i.rep = REP_E;
    else if (b === 0xf2) i.rep = REP_NE;
    else if (b === 0xf0) i.lock = true;
    else if (b === 0x26 || b === 0x2e || b === 0x36 || b === 0x3e) i.segOverride = (b >> 3) & 3;
    else if (b === 0x64 || b === 0x65) i.segOverride = b - 0x60;
    else break;
  }
  i.prefixes = k - 1;
  let opcode = b;
  if (b === 0x0f) opcode = 0x100 | src(k++);
  i.opcode = opcode;
  i.eip = eip;
  i.asize = asize;
  i.seg = i.segOverride >= 0 ? i.segOverride : DS;
  let s: OpSpec | null = TABLE[opcode];
  if ((opcode & 0xf8) === 0x40 || (opcode & 0xf8) === 0x48 || (opcode & 0xf0) === 0x50 || (opcode & 0xf8) === 0x90 ||
    (opcode & 0xf0) === 0xb0 || (opcode & 0x1f8) === 0x1c8) {
    i.reg = opcode & 7;
  }
  if (s !== null && s.modrm) {
    const m = src(k++);
    const mod = m >> 6;
    i.reg = (m >> 3) & 7;
    i.rm = m & 7;
    i.hasModrm = true;
    i.mod = mod;
    if (mod === 3 || opcode === 0x120 || opcode === 0x122 || opcode === 0x121 || opcode === 0x123) i.mod3 = true;
    else k = decodeMemory(src, k, i, mod, asize);
    if (opcode === 0x101 && m === 0xc1) s = VMCALL_SPEC;
    else if (s.group !== null) s = s.group[i.reg];
  }
  let exec = undefinedOpcode;
  if (s !== null) {
    i.size = s.byte ? 1 : opsize;
    i.op = s.op;
    k = decodeImmediate(src, k, i, s.imm, opsize, asize);
    if (opcode === 0xd0 || opcode === 0xd1) i.imm = 1;
    if (opcode === 0xd2 || opcode === 0xd3 || opcode === 0x1a5 || opcode === 0x1ad) i.imm2 = 1;
    if ((opcode & 0x1f6) === 0x1b6) i.imm2 = extendSourceSize(opcode);
    exec = s.pick(i) ?? undefinedOpcode;
    if (i.lock && (!s.lockable || i.mod3)) exec = undefinedOpcode;
    i.cost = cycles.classes[s.cost][i.mod3 || !s.modrm ? 0 : 1];
  } else {
    i.size = opsize;
    i.cost = cycles.classes.ud[0];
  }
  if (k > MAX_LEN) gp(0);
  i.exec = exec;
  i.len = k;
  i.next = default32 ? (eip + k) | 0 : (eip + k) & 0xffff;
  if (s !== null && (s.imm === IMM_REL8 || s.imm === IMM_RELV)) {
    const t = (i.next + i.imm) | 0;
    i.imm = opsize === 4 ? t : t & 0xffff;
  }
  i.cont = i.next;
  return i;
}

function decodeMemory(src: ByteSource, k: number, i: Insn, mod: number, asize: number): number {
  let defaultSs = false;
  if (asize === 2) {
    if (mod === 0 && i.rm === 6) {
      i.disp = src(k) | (src(k + 1) << 8);
      return k + 2;
    }
    i.base = BASE16[i.rm];
    i.index = INDEX16[i.rm];
    defaultSs = i.base === EBP;
    if (mod === 1) i.disp = (src(k++) << 24) >> 24;
    else if (mod === 2) {
      i.disp = (src(k) | (src(k + 1) << 8)) << 16 >> 16;
      k += 2;
    }
  } else {
    let base = i.rm;
    if (i.rm === 4) {
      const sib = src(k++);
      i.hasSib = true;
      i.scale = sib >> 6;
      const index = (sib >> 3) & 7;
      i.index = index === 4 ? -1 : index;
      base = sib & 7;
      if (base === 5 && mod === 0) base = -1;
    } else if (i.rm === 5 && mod === 0) base = -1;
    i.base = base;
    defaultSs = base === EBP || base === ESP;
    if (base === -1 || mod === 2) {
      i.disp = src(k) | (src(k + 1) << 8) | (src(k + 2) << 16) | (src(k + 3) << 24);
      k += 4;
    } else if (mod === 1) i.disp = (src(k++) << 24) >> 24;
  }
  if (defaultSs && i.segOverride < 0) i.seg = SS;
  return k;
}

function readLe(src: ByteSource, k: number, n: number): number {
  let v = 0;
  for (let j = 0; j < n; j++) v |= src(k + j) << (8 * j);
  return n === 4 ? v | 0 : v;
}

function decodeImmediate(src: ByteSource, k: number, i: Insn, kind: number, opsize: number, asize: number): number {
  switch (kind) {
    case IMM_NONE:
      return k;
    case IMM_B:
      i.imm = src(k);
      return k + 1;
    case IMM_BS: {
      const v = (src(k) << 24) >> 24;
      i.imm = opsize === 4 ? v : v & 0xffff;
      if (i.size === 1) i.imm &= 0xff;
      return k + 1;
    }
    case IMM_V:
      if (i.size === 1) {
        i.imm = src(k);
        return k + 1;
      }
      i.imm = readLe(src, k, opsize);
      return k + opsize;
    case IMM_W:
      i.imm = readLe(src, k, 2);
      return k + 2;
    case IMM_ENTER:
      i.imm = readLe(src, k, 2);
      i.imm2 = src(k + 2);
      return k + 3;
    case IMM_PTR:
      i.imm = readLe(src, k, opsize);
      i.imm2 = readLe(src, k + opsize, 2);
      return k + opsize + 2;
    case IMM_MOFFS:
      i.disp = readLe(src, k, asize);
      i.base = i.index = -1;
      return k + asize;
    case IMM_REL8:
      i.imm = (src(k) << 24) >> 24;
      return k + 1;
    default: // IMM_RELV
      i.imm = opsize === 4 ? readLe(src, k, 4) : (readLe(src, k, 2) << 16) >> 16;
      return k + opsize;
  }
}

/** Fetch one code byte at linear `lin` through the execute TLB. */
function fetchByte(c: Cpu, lin: number): number {
  const vpn = lin >>> 12;
  const slot = vpn & (TLB_SIZE - 1);
  if (c.tagX[slot] === (vpn | c.userTag)) return c.tlbArr[slot][c.tlbOff[slot] + (lin & 0xfff)];
  translate(c, lin, ACCESS_EXEC, c.userTag !== 0);
  const a = c.lastArr;
  return a === null ? 0xff : a[c.lastOff + (lin & 0xfff)];
}

/**
 * Where a block may go on after `i`, an instruction that ends a straight-line run, or null: a
 * conditional jump continues with its fall-through (taken, it leaves the block), a direct CALL or
 * JMP with its target. 32-bit code only.
 */
function followAfter(i: Insn): number | null {
  const op = i.opcode;
  if (i.size !== 4 || i.lock) return null;
  if ((op >= 0x70 && op <= 0x7f) || (op >= 0x180 && op <= 0x18f)) return i.next;
  if (op === 0xe8 || op === 0xe9 || op === 0xeb) return i.imm;
  return null;
}

/**
 * Decode the block starting at CS:eip: up to MAX_BLOCK instructions, stopping after one that
 * ends a block, before one that would cross the page end (unless it is first), and before one
 * whose fetch faults (unless it is first: then the fault propagates). In flat 32-bit code a block
 * goes on past a conditional jump (its fall-through), through a direct CALL/JMP to a target on
 * the same page, and past a RET to the return address of a CALL it followed (a RET that goes
 * elsewhere leaves the block, as a taken jump does) — never to an instruction it already holds,
 * and only while every instruction's `next` stays distinct (the run loop finds a compiled
 * block's faulting instruction by it).
 */
export function decodeBlock(c: Cpu, eip: number): Insn[] {
  const out: Insn[] = [];
  const base = c.segBase[1];
  const limit = c.segLimit[1] >>> 0;
  const checkLimit = c.segLimit[1] !== -1;
  const default32 = c.csSize === 4;
  const startLin = (eip + base) | 0;
  let cur = eip;
  let followed = false;
  const returns: number[] = [];
  for (;;) {
    const at = cur;
    const src: ByteSource = (k) => {
      const off = default32 ? (at + k) >>> 0 : (at + k) & 0xffff;
      if (checkLimit && off > limit) gp(0);
      return fetchByte(c, (off + base) | 0);
    };
    let insn: Insn;
    if (out.length === 0) insn = decodeInsn(src, at, default32, c.cycleTable);
    else {
      try {
        insn = decodeInsn(src, at, default32, c.cycleTable);
      } catch (e) {
        if (e instanceof CpuFault) break;
        throw e;
      }
      const lin = (at + base) | 0;
      if ((lin & 0xfff) + insn.len > 0x1000 || lin >>> 12 !== startLin >>> 12) break;
      if (followed && out.some((x) => x.next === insn.next)) break;
    }
    out.push(insn);
    if (out.length >= MAX_BLOCK) break;
    const s = TABLE[insn.opcode];
    const ends = insn.exec === undefinedOpcode || s === null || s.end || (s.group !== null && endsInGroup(s, insn));
    if (ends) {
      let to = default32 && !checkLimit ? followAfter(insn) : null;
      // a RET is expected back at the CALL this block followed (checked when it runs)
      if (to === null && default32 && !checkLimit && (insn.opcode === 0xc3 || insn.opcode === 0xc2) && insn.size === 4 && returns.length > 0) {
        to = returns.pop()!;
      }
      if (to === null || ((to + base) | 0) >>> 12 !== startLin >>> 12 || out.some((x) => x.eip === to)) break;
      if (insn.opcode === 0xe8) returns.push(insn.next);
      insn.cont = to;
      followed = true;
      cur = to;
      continue;
    }
    if (((at + base + insn.len) & 0xfff) === 0) break; // next instruction starts a new page
    cur = insn.next;
  }
  return out;
}

function endsInGroup(s: OpSpec, i: Insn): boolean {
  if (i.opcode === 0x101 && i.mod3 && i.rm === 1 && i.reg === 0) return true; // VMCALL
  const g = s.group?.[i.reg];
  return g === null || g === undefined || g.end;
}

export { REP_NONE, REP_E, REP_NE };
