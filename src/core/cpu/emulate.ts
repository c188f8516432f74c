// Emulating a trapped I/O instruction on behalf of a hypervisor (the trap model): after the
// exception hook received the #GP of an IN/OUT/INS/OUTS at CPL > IOPL, the VMM may call
// emulateIoInstruction to perform it exactly as the hardware would have without the privilege
// check — all elements of a REP, registers and memory updated, EIP advanced. Faults on the
// memory side (e.g. #PF on the INS buffer) are thrown as CpuFault with EIP left at the
// instruction, for the VMM to reflect into the guest.
import type { Cpu } from './cpu';
import { decodeAt } from './inspect';
import { CpuFault, gp } from './fault';
import type { Insn } from './insn';
import { translate, ACCESS_EXEC } from './mmu';

const IO_OPCODES = new Set([0x6c, 0x6d, 0x6e, 0x6f, 0xe4, 0xe5, 0xe6, 0xe7, 0xec, 0xed, 0xee, 0xef]);

/**
 * The instruction whose deferred #GP is being delivered (run-loop.ts), when it is the one at
 * `eip` and no code changed since: the run loop decoded it already. Its bytes are translated as
 * decodeAt would fetch them (first byte, and the next page's first byte when it crosses one), so
 * the TLB and any fetch fault are exactly what decoding again would give.
 */
function deferredAt(c: Cpu, eip: number): Insn | null {
  const f = c.deferredInsn;
  if (f === null || f.eip !== eip || c.deferredGen !== c.codeGen) return null;
  const lin = (eip + c.segBase[1]) | 0;
  const user = c.userTag !== 0;
  translate(c, lin, ACCESS_EXEC, user);
  const end = (lin + f.len - 1) | 0;
  if (((end ^ lin) & ~0xfff) !== 0) translate(c, end & ~0xfff, ACCESS_EXEC, user);
  return f;
}

/**
 * Decode the instruction at CS:EIP and, if it is a port-I/O instruction, execute it without the
 * IOPL/bitmap check and without calling the io hook. Returns the instruction length, or 0 (and
 * changes nothing) when the instruction is not port I/O.
 */
export function emulateIoInstruction(c: Cpu): number {
  const start = c.eip;
  const insn = deferredAt(c, start) ?? decodeAt(c, start);
  if (!IO_OPCODES.has(insn.opcode)) return 0;
  if (insn.lock) gp(0);
  c.ioBypass = true;
  c.eip = insn.next;
  try {
    insn.exec(c, insn);
  } catch (e) {
    if (e instanceof CpuFault) c.eip = start;
    throw e;
  } finally {
    c.ioBypass = false;
  }
  return insn.len;
}
