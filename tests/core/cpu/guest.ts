// A small protected-mode guest for CPU tests: flat RAM with a GDT (ring 0 and ring 3 flat code
// and data, a 32-bit TSS with an I/O permission bitmap), an IDT whose gates all point at ring-0
// stubs, and helpers to place hand-assembled code, enter ring 3 and build page tables.
// Layout (physical = linear while paging is off):
//   0x1000 GDT   0x2000 IDT   0x3000 TSS (I/O bitmap at +0x68)   0x6000 IDT stubs (8 bytes each)
//   0x10000 ring-0 code   0x20000 ring-3 code   0x2f000 ring-0 stack top   0x3f000 ring-3 stack top
//   0x100000 page directory (2-level) / PDPT (PAE)   0x101000.. page tables
import { Cpu } from '../../../src/core/cpu/cpu';
import { FlatRam } from '../../../src/core/cpu/memory';
import type { CpuHooks } from '../../../src/core/cpu/hooks';
import type { PortIo, PortSize } from '../../../src/core/machine/port-io';
import { setSegmentCache, loadTr } from '../../../src/core/cpu/segments';

export const GDT = 0x1000, IDT = 0x2000, TSS = 0x3000, STUBS = 0x6000;
export const CODE0 = 0x10000, CODE3 = 0x20000, STACK0 = 0x2f000, STACK3 = 0x3f000;
export const SEL_CODE0 = 0x08, SEL_DATA0 = 0x10, SEL_CODE3 = 0x1b, SEL_DATA3 = 0x23, SEL_TSS = 0x28;
export const IOMAP = 0x68;

export class RecordingPorts implements PortIo {
  log: string[] = [];
  value = 0xab;
  read(port: number, size: PortSize): number {
    this.log.push(`in${size} ${port.toString(16)}`);
    return size === 1 ? this.value : size === 2 ? 0xabab : 0xabababab;
  }
  write(port: number, size: PortSize, value: number): void {
    this.log.push(`out${size} ${port.toString(16)}=${value.toString(16)}`);
  }
}

export function segDesc(base: number, limit: number, type: number, dpl: number, s = 1, db = 1, g = 1): [number, number] {
  const lo = (limit & 0xffff) | ((base & 0xffff) << 16);
  const hi = ((base >>> 16) & 0xff) | (type << 8) | (s << 12) | (dpl << 13) | (1 << 15) | (limit & 0xf0000) |
    (db << 22) | (g << 23) | (base & 0xff000000);
  return [lo | 0, hi | 0];
}

export class Guest {
  readonly ram = new FlatRam(8 << 20);
  readonly ports = new RecordingPorts();
  readonly cpu: Cpu;
  readonly view: DataView;

  constructor(hooks: CpuHooks = {}) {
    this.cpu = new Cpu({ memory: this.ram, io: this.ports, hooks });
    this.view = new DataView(this.ram.bytes.buffer);
    const gdt: [number, number][] = [
      [0, 0],
      segDesc(0, 0xfffff, 0xb, 0),
      segDesc(0, 0xfffff, 0x3, 0),
      segDesc(0, 0xfffff, 0xb, 3),
      segDesc(0, 0xfffff, 0x3, 3),
      segDesc(TSS, IOMAP + 8192, 0x9, 0, 0, 0, 0),
    ];
    gdt.forEach(([lo, hi], k) => {
      this.w32(GDT + k * 8, lo);
      this.w32(GDT + k * 8 + 4, hi);
    });
    // TSS: ESP0, SS0; I/O map base; bitmap all ones (deny) plus the terminating 0xFF byte
    this.w32(TSS + 4, STACK0);
    this.w32(TSS + 8, SEL_DATA0);
    this.view.setUint16(TSS + 102, IOMAP, true);
    this.ram.bytes.fill(0xff, TSS + IOMAP, TSS + IOMAP + 8193);
    // IDT: vector v -> stub at STUBS + 8v (ring 0 interrupt gate, DPL 0); each stub is HLT
    for (let v = 0; v < 256; v++) {
      this.setGate(v, STUBS + v * 8, 0xe, 0);
      this.ram.bytes[STUBS + v * 8] = 0xf4;
    }
    const c = this.cpu;
    c.gdtBase = GDT;
    c.gdtLimit = gdt.length * 8 - 1;
    c.idtBase = IDT;
    c.idtLimit = 256 * 8 - 1;
    loadTr(c, SEL_TSS);
    this.enterRing(0);
    c.eip = CODE0;
  }

  /** Append a descriptor to the GDT and return its selector (RPL 0). */
  addDescriptor([lo, hi]: [number, number]): number {
    const sel = this.cpu.gdtLimit + 1;
    this.w32(GDT + sel, lo);
    this.w32(GDT + sel + 4, hi);
    this.cpu.gdtLimit += 8;
    return sel;
  }

  w32(addr: number, v: number): void {
    this.view.setUint32(addr, v >>> 0, true);
  }
  r32(addr: number): number {
    return this.view.getUint32(addr, true);
  }

  setGate(v: number, offset: number, type: number, dpl: number, sel = SEL_CODE0): void {
    this.w32(IDT + v * 8, (offset & 0xffff) | (sel << 16));
    this.w32(IDT + v * 8 + 4, (offset & 0xffff0000) | 0x8000 | (dpl << 13) | (type << 8));
  }

  /** Allow ports [port, port + n) in the TSS I/O bitmap. */
  allowPorts(port: number, n: number): void {
    for (let p = port; p < port + n; p++) this.ram.bytes[TSS + IOMAP + (p >> 3)] &= ~(1 << (p & 7));
  }

  /** Load CS/SS/DS/ES/FS/GS for ring 0 or 3 and the matching stack. */
  enterRing(ring: 0 | 3): void {
    const c = this.cpu;
    const code = ring === 0 ? SEL_CODE0 : SEL_CODE3;
    const data = ring === 0 ? SEL_DATA0 : SEL_DATA3;
    const desc = (sel: number): [number, number] => [this.r32(GDT + (sel & ~7)), this.r32(GDT + (sel & ~7) + 4)];
    c.setCpl(ring);
    setSegmentCache(c, 1, code, ...desc(code));
    for (const s of [0, 2, 3, 4, 5]) setSegmentCache(c, s, data, ...desc(data));
    c.r32[4] = ring === 0 ? STACK0 : STACK3;
    c.eip = ring === 0 ? CODE0 : CODE3;
    c.blocks.modeChanged();
  }

  code(addr: number, bytes: number[]): void {
    this.ram.bytes.set(bytes, addr);
    this.cpu.physicalWritten(addr, bytes.length);
  }

  /**
   * Identity-map the first 8 MiB with 4 KiB pages (2-level), every page present, writable and
   * user unless `flags` overrides it per page, and enable paging.
   */
  pageIdentity(flagsFor: (page: number) => number = () => 7): void {
    const pd = 0x100000;
    for (let t = 0; t < 2; t++) {
      const pt = 0x101000 + t * 0x1000;
      this.w32(pd + t * 4, pt | 7);
      for (let e = 0; e < 1024; e++) {
        const page = t * 1024 + e;
        this.w32(pt + e * 4, (page << 12) | flagsFor(page));
      }
    }
    this.cpu.cr3 = pd;
    this.cpu.cr0 |= 0x80000000;
    this.cpu.flushTlb();
  }

  pte(page: number): number {
    return 0x101000 + page * 4;
  }

  /** Top of stack dwords (ring-0 or current), for frame checks. */
  stack(n: number, at = this.cpu.r32[4]): number[] {
    return Array.from({ length: n }, (_, k) => this.r32((at >>> 0) + 4 * k));
  }
}
