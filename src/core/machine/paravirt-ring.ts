// The hypervisor half of the shared ring (docs/guest-abi.md §6, asm/kernel/abi.inc RING_*): on
// the doorbell (HC_RING_KICK, ESI = the ring's linear address) read the header and every posted
// descriptor [used, avail) from guest memory through the guest page tables, perform each port
// operation on the bus in order, write each IN's value into its descriptor, then publish
// used = avail. Like vhost, the backend trusts nothing in the ring: a header claiming more than
// RING_ENTRIES pending, a bad size or op, or an address that does not translate ends the kick
// with HC_EINVAL (operations before it were performed; used is still published so the guest
// never sees a descriptor performed twice).
// Translation: softwareWalk (no guest-visible side effects), once per (page, access kind) per
// kick; the page-table entries it read are returned as walkLevels (the exit's buffer walks).
// Invariant: nothing here allocates per port operation except through `onOp`'s caller.
import { ACCESS_READ, ACCESS_WRITE, softwareWalk } from '../cpu/index';
import type { Cpu } from '../cpu/index';
import { HC, HC_EINVAL, RD, RING } from '../hypercall-abi';
import type { PortIo, PortSize } from './port-io';

/** One port operation performed for the guest (reused between calls: copy what must outlive). */
export interface HypercallOp {
  nr: number;
  port: number;
  size: PortSize;
  direction: 'in' | 'out';
  count: number;
  /** INS/OUTS: the guest buffer's linear address; else null. */
  buffer: number | null;
}

export const isPortSize = (v: number): v is PortSize => v === 1 || v === 2 || v === 4;
/** The value of a `size`-byte port access, unsigned. */
const unsigned = (v: number, size: PortSize): number => (size === 4 ? v >>> 0 : v & (size === 2 ? 0xffff : 0xff));

class BadRing extends Error {}

/** Guest-linear memory for one kick: page translations cached per (page, kind), levels counted. */
class LinearMemory {
  walkLevels = 0;
  private readonly pages = new Map<number, number>();
  constructor(private readonly cpu: Cpu, private readonly ram: Uint8Array) {}

  phys(linear: number, write: boolean): number {
    const page = linear >>> 12;
    const key = page * 2 + (write ? 1 : 0);
    let base = this.pages.get(key);
    if (base === undefined) {
      const w = softwareWalk(this.cpu, (page << 12) >>> 0, write ? ACCESS_WRITE : ACCESS_READ, this.cpu.cpl === 3);
      this.walkLevels += w.levels;
      if (!w.ok) throw new BadRing('page fault');
      base = w.phys;
      this.pages.set(key, base);
    }
    const at = base + (linear & 0xfff);
    if (at >= this.ram.length) throw new BadRing('beyond RAM');
    return at;
  }

  read(linear: number, size: number): number {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + this.ram[this.phys((linear + i) >>> 0, false)]!;
    return v;
  }

  write(linear: number, size: number, value: number): void {
    for (let i = 0; i < size; i++) {
      const at = this.phys((linear + i) >>> 0, true);
      this.ram[at] = (value >>> (8 * i)) & 0xff;
      this.cpu.physicalWritten(at, 1);
    }
  }
}

const op: HypercallOp = { nr: 0, port: 0, size: 1, direction: 'out', count: 1, buffer: null };

/** Hands one performed port operation to `onOp` in the one reused HypercallOp (no allocation). */
export function reportOp(onOp: ((op: HypercallOp) => void) | undefined, nr: number, port: number, size: PortSize, direction: 'in' | 'out', count: number, buffer: number | null): void {
  if (!onOp) return;
  op.nr = nr;
  op.port = port;
  op.size = size;
  op.direction = direction;
  op.count = count;
  op.buffer = buffer;
  onOp(op);
}

/** Performs a kick; returns EAX (0 or HC_EINVAL) and the page-table entries read. */
export function performRingKick(cpu: Cpu, ram: Uint8Array, io: PortIo, ring: number, onOp?: (op: HypercallOp) => void): { ret: number; walkLevels: number } {
  const mem = new LinearMemory(cpu, ram);
  let ret = 0;
  let used = 0;
  let avail = 0;
  try {
    avail = mem.read(ring + RING.avail, 4);
    used = mem.read(ring + RING.used, 4);
    if (((avail - used) >>> 0) > RING.entries) throw new BadRing('more pending than the ring holds');
    for (; used !== avail; used = (used + 1) >>> 0) {
      const d = (ring + RING.descs + (used % RING.entries) * RING.descBytes) >>> 0;
      performDescriptor(mem, io, d, onOp);
    }
  } catch (e) {
    if (!(e instanceof BadRing)) throw e;
    ret = HC_EINVAL;
    used = avail;
  }
  try {
    mem.write(ring + RING.used, 4, used);
  } catch (e) {
    if (!(e instanceof BadRing)) throw e;
    ret = HC_EINVAL;
  }
  return { ret, walkLevels: mem.walkLevels };
}

function performDescriptor(mem: LinearMemory, io: PortIo, d: number, onOp?: (op: HypercallOp) => void): void {
  const port = mem.read(d + RD.port, 2);
  const size = mem.read(d + RD.size, 1);
  const nr = mem.read(d + RD.op, 1);
  if (!isPortSize(size)) throw new BadRing('bad size');
  switch (nr) {
    case HC.OUT:
      io.write(port, size, unsigned(mem.read(d + RD.value, 4), size));
      reportOp(onOp, nr, port, size, 'out', 1, null);
      break;
    case HC.IN:
      mem.write(d + RD.value, 4, unsigned(io.read(port, size), size));
      reportOp(onOp, nr, port, size, 'in', 1, null);
      break;
    case HC.INS:
    case HC.OUTS: {
      const count = mem.read(d + RD.count, 4);
      const buffer = mem.read(d + RD.buffer, 4);
      for (let i = 0; i < count; i++) {
        const at = (buffer + i * size) >>> 0;
        if (nr === HC.INS) mem.write(at, size, io.read(port, size));
        else io.write(port, size, mem.read(at, size));
      }
      reportOp(onOp, nr, port, size, nr === HC.INS ? 'in' : 'out', count, buffer);
      break;
    }
    default:
      throw new BadRing('bad op');
  }
}
