// The execution loop. Between blocks it handles what can only happen at instruction boundaries
// (stop requests, external interrupts, HLT, shutdown); within a block it runs decoded
// instructions back to back, either interpreted (per instruction: set EIP to the next
// instruction, call the handler, charge its cycles) or, once the block is hot, through its
// compiled function (block-compiler.ts) which keeps the same contract. A block is left when an
// instruction went elsewhere than the block continues (EIP differs from `cont`: a taken branch;
// a block follows direct CALL/JMP targets, see decodeBlock), asked for a break (c.breakBlock),
// or the budget ran out; compiled blocks run only when the whole block fits the budget. Blocks
// link to their last two successors (both ways of a branch), so a loop runs without cache
// lookups while nothing invalidated the links (Cpu.codeGen). A CpuFault rewinds EIP to the
// faulting instruction's first byte and is delivered by raiseException. A deferred fault
// (fault.ts deferFault, the I/O #GP) ends the block like a break; the instruction that deferred
// it is the last one counted, and is un-retired and its fault delivered the same way — without a
// throw.
import type { Cpu } from './cpu';
import type { Insn } from './insn';
import type { Block } from './block-cache';
import type { StopReason } from './hooks';
import { CpuFault } from './fault';
import { IF, TF } from './regs';
import { raiseException, externalInterrupt, singleStepTrap } from './interrupts';
import { compileBlock, type CompiledBlock } from './block-compiler';

/** Boundary work; returns a stop reason, or null to keep running. */
function boundary(c: Cpu): StopReason | null {
  c.breakBlock = false;
  if (c.shutdown) return 'triple-fault';
  if (c.stopRequested) {
    c.stopRequested = false;
    return 'stop';
  }
  const shadowed = c.irqShadow;
  c.irqShadow = false;
  if (c.irqPending && (c.flags & IF) !== 0) {
    if (!shadowed) {
      const ack = c.hooks.interruptAck;
      c.halted = false;
      if (ack !== undefined) {
        externalInterrupt(c, ack(c));
        c.cycles += c.cycleTable.exception;
        if (c.shutdown) return 'triple-fault';
      }
    } else c.breakBlock = true; // run exactly one instruction, then look again
  }
  if (c.halted) return 'hlt';
  return null;
}

/** Compile a hot block; where code generation is forbidden (a CSP without 'unsafe-eval'), interpret. */
function tryCompile(c: Cpu, insns: Insn[]): CompiledBlock | null {
  try {
    return compileBlock(insns, c.cycleTable.branchTaken);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    c.compileAfter = Infinity;
    return null;
  }
}

/** Interpret from the start of `block`; returns retired count, leaves the current insn in `cur`. */
let cur: Insn | null = null;
let retired = 0;

function interpret(c: Cpu, insns: Insn[], left: number): number {
  const n = insns.length;
  let k = 0;
  retired = 0;
  for (;;) {
    const insn = insns[k];
    cur = insn;
    c.eip = insn.next;
    insn.exec(c, insn);
    c.cycles += insn.cost;
    k++;
    retired = k;
    if (k === n || c.eip !== insn.cont || c.breakBlock || k === left) break;
  }
  cur = null;
  return k;
}

/**
 * Deliver the fault instruction `f` deferred: `f` ran as the last instruction of a block (its
 * clocks charged, EIP past it) but must not retire — undo that, then deliver as the CpuFault
 * catch below does. Called outside the try, as that catch is.
 */
function deliverDeferred(c: Cpu, f: Insn): void {
  const vector = c.deferredVector;
  c.deferredVector = -1;
  c.eip = f.eip;
  c.cycles += c.cycleTable.exception - f.cost;
  c.breakBlock = true;
  c.deferredInsn = f;
  c.deferredGen = c.codeGen;
  try {
    raiseException(c, vector, c.deferredCode);
  } finally {
    c.deferredInsn = null;
  }
}

/**
 * Run until `budget` instructions have retired (a REP instruction counts once), the cycle
 * counter reaches `untilCycle` (checked between blocks), HLT with no deliverable interrupt, a
 * stop request, or a triple fault.
 */
export function run(c: Cpu, budget: number, untilCycle = Infinity): StopReason {
  let rest = budget;
  for (;;) {
    const chunk = rest > CHUNK ? CHUNK : rest;
    rest -= chunk;
    const why = runChunk(c, chunk, untilCycle);
    if (why !== 'budget' || rest <= 0) return why;
  }
}

/**
 * Budgets are run in pieces of at most CHUNK instructions, so the remaining count the loop
 * below keeps is always a small integer: a budget beyond that range (Number.MAX_SAFE_INTEGER,
 * "until HLT") made it a heap number boxed again for every block. A piece ending only returns to
 * run(), which goes on; nothing the guest can see depends on where a piece ends.
 */
const CHUNK = 0x3fffffff;

function runChunk(c: Cpu, budget: number, untilCycle: number): StopReason {
  let left = budget;
  c.breakBlock = true;
  for (;;) {
    if (c.breakBlock) {
      const why = boundary(c);
      if (why !== null) return (c.stopReason = why);
    }
    if (left <= 0) return (c.stopReason = 'budget');
    if (c.cycles >= untilCycle) return (c.stopReason = 'deadline');
    if ((c.flags & TF) !== 0) {
      // single-step: one instruction, then #DB (trap) unless it faulted or delivered an interrupt
      const delivered = c.interruptsDelivered;
      let deferred: Insn | null = null;
      try {
        const insns = c.blocks.lookup().insns;
        const k = interpret(c, insns, 1);
        if (c.deferredVector >= 0) deferred = insns[0];
        else {
          c.instructions += k;
          left -= k;
          if (c.interruptsDelivered === delivered) singleStepTrap(c);
        }
      } catch (e) {
        if (!(e instanceof CpuFault)) throw e;
        if (cur !== null) c.eip = cur.eip;
        cur = null;
        c.cycles += c.cycleTable.exception;
        raiseException(c, e.vector, e.errorCode);
      }
      if (deferred !== null) deliverDeferred(c, deferred);
      c.breakBlock = true;
      continue;
    }
    let faulting: Block | null = null;
    let deferred: Insn | null = null;
    let compiled = false;
    try {
      let block: Block = c.blocks.lookup();
      for (;;) {
        faulting = block;
        const insns = block.insns;
        let k: number;
        const fn = block.fn;
        if (fn !== null && left >= insns.length) {
          compiled = true;
          k = fn(c);
          compiled = false;
        } else {
          if (fn === null && ++block.runs === c.compileAfter) block.fn = tryCompile(c, insns);
          k = interpret(c, insns, left);
        }
        if (c.deferredVector >= 0) deferred = insns[--k]; // c.breakBlock is set: the loop ends
        c.instructions += k;
        left -= k;
        if (c.breakBlock || left <= 0 || c.cycles >= untilCycle) break;
        const eip = c.eip;
        if (block.linkEip === eip && block.linkGen === c.codeGen && block.link !== null) block = block.link;
        else if (block.link2Eip === eip && block.link2Gen === c.codeGen && block.link2 !== null) block = block.link2;
        else {
          const found = c.blocks.lookup();
          block.link2 = block.link;
          block.link2Eip = block.linkEip;
          block.link2Gen = block.linkGen;
          block.link = found;
          block.linkEip = eip;
          block.linkGen = c.codeGen;
          block = found;
        }
      }
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      let done = 0;
      if (compiled && faulting !== null) {
        // the faulting instruction is the one whose `next` is in c.eip (see block-compiler.ts)
        const insns = faulting.insns;
        while (done < insns.length && insns[done].next !== c.eip) done++;
        if (done < insns.length) c.eip = insns[done].eip;
      } else if (cur !== null) {
        done = retired;
        c.eip = cur.eip;
        cur = null;
      }
      c.instructions += done;
      left -= done;
      c.cycles += c.cycleTable.exception;
      c.breakBlock = true;
      raiseException(c, e.vector, e.errorCode);
    }
    if (deferred !== null) deliverDeferred(c, deferred);
  }
}

/** Execute exactly one instruction (a REP instruction to completion). */
export function step(c: Cpu): StopReason {
  return run(c, 1);
}
