// Reading the instruction at CS:EIP the way the CPU would fetch it (execute permission, CS base,
// CS.D), for the hypervisor model and exit records: the decoded Insn, its raw bytes and its
// Intel-syntax text. Fetch faults (#PF, #GP) are thrown as CpuFault.
import type { Cpu } from './cpu';
import type { Insn } from './insn';
import { decodeInsn } from './decoder';
import { disassemble } from './disasm';
import { translate, ACCESS_EXEC } from './mmu';

export interface FetchedInstruction {
  insn: Insn;
  bytes: number[];
  /** e.g. "rep outs dx,BYTE PTR ds:[esi]" */
  text: string;
}

/** Decode the instruction at CS:`eip` without disassembling it; `bytes` receives the raw bytes. */
export function decodeAt(c: Cpu, eip = c.eip, bytes: number[] | null = null): Insn {
  const base = c.segBase[1];
  return decodeInsn((k) => {
    const lin = (eip + k + base) | 0;
    translate(c, lin, ACCESS_EXEC, c.userTag !== 0);
    const a = c.lastArr;
    const b = a === null ? 0xff : a[c.lastOff + (lin & 0xfff)];
    if (bytes !== null) bytes[k] = b;
    return b;
  }, eip, c.csSize === 4, c.cycleTable);
}

/** Decode and disassemble the instruction at CS:`eip` (default: the current EIP). */
export function fetchInstruction(c: Cpu, eip = c.eip): FetchedInstruction {
  const bytes: number[] = [];
  const insn = decodeAt(c, eip, bytes);
  const d = disassemble(insn);
  return { insn, bytes: bytes.slice(0, insn.len), text: d.operands === '' ? d.mnemonic : `${d.mnemonic} ${d.operands}` };
}
