// Exceptions raised while executing one instruction. Accessors and handlers throw a CpuFault;
// the run loop catches it at the instruction boundary, restores EIP to the first prefix byte and
// delivers the vector (through the hypervisor hook, then the guest IDT). Throwing is reserved
// for faults, so the fast path never pays for it. The one fault that is itself a hot path — the
// #GP of every trapped I/O instruction under the trap mechanism — is deferred instead
// (deferFault): no object, no unwinding, the same delivery.
import type { Cpu } from './cpu';
export const DE = 0, DB = 1, NMI = 2, BP = 3, OFV = 4, BR = 5, UD = 6, NM = 7, DF = 8;
export const TS = 10, NP = 11, SSF = 12, GP = 13, PF = 14, MF = 16, AC = 17;

export const VECTOR_NAMES: Record<number, string> = {
  0: '#DE', 1: '#DB', 2: 'NMI', 3: '#BP', 4: '#OF', 5: '#BR', 6: '#UD', 7: '#NM', 8: '#DF',
  10: '#TS', 11: '#NP', 12: '#SS', 13: '#GP', 14: '#PF', 16: '#MF', 17: '#AC',
};

/** Vectors that push an error code when delivered. */
export function hasErrorCode(vector: number): boolean {
  return vector === DF || (vector >= TS && vector <= PF) || vector === AC;
}

export class CpuFault extends Error {
  readonly vector: number;
  readonly errorCode: number;

  /**
   * Faults are frequent (every trapped I/O instruction is a #GP), so no stack trace is
   * captured: that alone made a throw several times more expensive.
   */
  constructor(vector: number, errorCode = 0) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super();
    Error.stackTraceLimit = limit;
    this.vector = vector;
    this.errorCode = errorCode;
    this.name = 'CpuFault';
  }

  override toString(): string {
    return `${VECTOR_NAMES[this.vector] ?? `vector ${this.vector}`}(${this.errorCode.toString(16)})`;
  }
}

export function fault(vector: number, errorCode = 0): never {
  throw new CpuFault(vector, errorCode);
}

export const ud = (): never => fault(UD);
export const gp = (code = 0): never => fault(GP, code);

/**
 * Raise `vector` from an instruction handler without throwing: the handler must return at once,
 * having changed no architectural state. The run loop (run-loop.ts) then treats the instruction
 * as not retired — EIP back at its first byte, its clocks and count not charged — and delivers
 * the fault exactly as a thrown CpuFault. Only for handlers run by the run loop (not, e.g.,
 * through emulateIoInstruction).
 */
export function deferFault(c: Cpu, vector: number, errorCode = 0): void {
  c.deferredVector = vector;
  c.deferredCode = errorCode;
  c.breakBlock = true;
}
