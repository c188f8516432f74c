// What a hypervisor model reads from the guest around a port-I/O exit, shared by the
// mechanisms: the element count of a string form (REP count in CX/ECX), the direction flag, the
// linear address of its buffer (ES:(E)DI for INS, seg:(E)SI for OUTS), how the string splits at
// page boundaries (KVM's emulator moves a string PIO a page at a time, and a userspace device
// model at most USERSPACE_CHUNK_BYTES per round trip) and the page-table levels the hypervisor
// reads translating that buffer (one software walk per page the buffer touches; no
// guest-visible side effects). Pure reads of CPU state: nothing here changes the guest.
import { ACCESS_READ, ACCESS_WRITE, softwareWalk } from '../../cpu/index';
import type { Cpu } from '../../cpu/index';

const ECX = 1;
const ESI = 6;
const EDI = 7;
const DF = 0x400;
export const SEGMENT_NAMES: readonly string[] = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

/** KVM copies string PIO data to/from userspace in chunks of this many bytes (one trip each:
 * struct read_cache data[1024], cost-facts exitinfo-kvm-pio-readahead). */
export const USERSPACE_CHUNK_BYTES = 1024;
const PAGE = 4096;

/** EFLAGS.DF: string elements move downwards. */
export function directionDown(cpu: Cpu): boolean {
  return (cpu.getEflags() & DF) !== 0;
}

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

/** How a string op splits at page boundaries: `chunks` runs of elements that start in one page,
 * and the userspace round trips they take (each chunk moved USERSPACE_CHUNK_BYTES at a time). */
export interface StringSplit {
  chunks: number;
  userspaceTrips: number;
}

/** Elements of `size` bytes starting in the page of `linear`, from it in the direction moved. */
function elementsInPage(linear: number, size: number, down: boolean): number {
  const off = linear & (PAGE - 1);
  return down ? Math.floor(off / size) + 1 : Math.floor((PAGE - 1 - off) / size) + 1;
}

const trips = (elements: number, size: number): number => Math.ceil((elements * size) / USERSPACE_CHUNK_BYTES);

/**
 * The page chunks of `count` elements of `size` bytes from `linear` (downwards when `down`): the
 * first chunk ends at its page's boundary; after it every chunk but the last holds the same
 * number of elements (a whole page's worth at the same offset), so the split is computed without
 * walking a huge REP count element by element. An element straddling a boundary belongs to the
 * chunk of its first byte.
 */
export function stringSplit(linear: number, count: number, size: number, down: boolean): StringSplit {
  if (count <= 0) return { chunks: 0, userspaceTrips: 0 };
  const first = Math.min(count, elementsInPage(linear, size, down));
  const left = count - first;
  if (left === 0) return { chunks: 1, userspaceTrips: trips(first, size) };
  const next = (linear + (down ? -first : first) * size) >>> 0;
  const full = elementsInPage(next, size, down);
  const fulls = Math.floor(left / full);
  const rest = left - fulls * full;
  return {
    chunks: 1 + fulls + (rest > 0 ? 1 : 0),
    userspaceTrips: trips(first, size) + fulls * trips(full, size) + (rest > 0 ? trips(rest, size) : 0),
  };
}

/**
 * Page-table entries read translating `bytes` bytes of buffer at `linear` (downwards from it
 * when EFLAGS.DF is set), one walk per 4 KiB page touched. 0 with paging off or no bytes.
 */
export function bufferWalkLevels(cpu: Cpu, linear: number, bytes: number, elementSize: number, input: boolean): number {
  if (bytes <= 0) return 0;
  const down = directionDown(cpu);
  const lo = down ? linear + elementSize - bytes : linear;
  const first = Math.floor(lo / PAGE);
  const last = Math.floor((lo + bytes - 1) / PAGE);
  const kind = input ? ACCESS_WRITE : ACCESS_READ;
  const user = cpu.cpl === 3;
  let levels = 0;
  for (let page = first; page <= last; page++) levels += softwareWalk(cpu, (page * PAGE) >>> 0, kind, user).levels;
  return levels;
}
