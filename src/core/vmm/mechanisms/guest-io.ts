// What a hypervisor model reads from the guest around a port-I/O exit, shared by the
// mechanisms: the element count of a string form (REP count in CX/ECX), the linear address of
// its buffer (ES:(E)DI for INS, seg:(E)SI for OUTS) and the page-table levels the hypervisor
// reads translating that buffer (one software walk per page the buffer touches; no guest-visible
// side effects). Pure reads of CPU state: nothing here changes the guest.
import { ACCESS_READ, ACCESS_WRITE, softwareWalk } from '../../cpu/index';
import type { Cpu } from '../../cpu/index';

const ECX = 1;
const ESI = 6;
const EDI = 7;
const DF = 0x400;
export const SEGMENT_NAMES: readonly string[] = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

/** Elements a string instruction moves: the REP count (CX with 16-bit addresses) or 1. */
export function stringCount(cpu: Cpu, rep: boolean, addrSize: 16 | 32): number {
  if (!rep) return 1;
  const ecx = cpu.r32[ECX]! >>> 0;
  return addrSize === 16 ? ecx & 0xffff : ecx;
}

/** Linear address of the string instruction's buffer: seg base + (E)DI for INS, (E)SI for OUTS. */
export function stringBuffer(cpu: Cpu, input: boolean, segment: number, addrSize: 16 | 32): number {
  const reg = cpu.r32[input ? EDI : ESI]! >>> 0;
  const offset = addrSize === 16 ? reg & 0xffff : reg;
  return (cpu.segBase[segment]! + offset) >>> 0;
}

/**
 * Page-table entries read translating `bytes` bytes of buffer at `linear` (downwards from it
 * when EFLAGS.DF is set), one walk per 4 KiB page touched. 0 with paging off or no bytes.
 */
export function bufferWalkLevels(cpu: Cpu, linear: number, bytes: number, elementSize: number, input: boolean): number {
  if (bytes <= 0) return 0;
  const down = (cpu.getEflags() & DF) !== 0;
  const lo = down ? linear + elementSize - bytes : linear;
  const first = Math.floor(lo / 4096);
  const last = Math.floor((lo + bytes - 1) / 4096);
  const kind = input ? ACCESS_WRITE : ACCESS_READ;
  const user = cpu.cpl === 3;
  let levels = 0;
  for (let page = first; page <= last; page++) levels += softwareWalk(cpu, (page * 4096) >>> 0, kind, user).levels;
  return levels;
}
