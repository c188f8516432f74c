// Guest physical memory as seen by the CPU. The CPU never indexes RAM directly: its TLB caches,
// per 4 KiB page, a backing byte array and the offset of that page inside it, so one interface
// serves both a flat RAM (one big array, offset = page * 4096) and a sparse RAM (one array per
// page, offset 0) with the same hot path. Pages with no backing read as all ones and drop writes.
export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

export interface PhysicalMemory {
  /**
   * The array backing physical page `ppn` (address >>> 12), or null when nothing is there.
   * `forWrite` lets a sparse memory allocate on first write and share a zero page for reads.
   * Invariant: the array is the same object for a page until the memory is reset, and the
   * page occupies bytes [pageOffset(ppn), pageOffset(ppn) + 4096) of it.
   */
  pageArray(ppn: number, forWrite: boolean): Uint8Array | null;
  pageOffset(ppn: number): number;
  /**
   * Bumped whenever a page's backing array changes (a sparse page allocated on first write), so
   * the CPU knows to drop TLB entries that still point at the shared zero page.
   */
  readonly version: number;
}

/** Contiguous RAM of a fixed size starting at physical address 0. */
export class FlatRam implements PhysicalMemory {
  readonly bytes: Uint8Array;
  private readonly pages: number;
  readonly version = 0;

  constructor(size: number) {
    if (size % PAGE_SIZE !== 0) throw new Error(`RAM size ${size} is not a multiple of 4 KiB`);
    this.bytes = new Uint8Array(size);
    this.pages = size / PAGE_SIZE;
  }

  pageArray(ppn: number): Uint8Array | null {
    return ppn < this.pages ? this.bytes : null;
  }

  pageOffset(ppn: number): number {
    return ppn * PAGE_SIZE;
  }
}

/** RAM over the whole 4 GiB physical space, allocated a page at a time; reads zero until written. */
export class SparseRam implements PhysicalMemory {
  private readonly pages = new Map<number, Uint8Array>();
  private readonly zero = new Uint8Array(PAGE_SIZE);
  version = 0;

  pageArray(ppn: number, forWrite: boolean): Uint8Array | null {
    if (ppn >= 0x100000) return null;
    let page = this.pages.get(ppn);
    if (page === undefined) {
      if (!forWrite) return this.zero;
      page = new Uint8Array(PAGE_SIZE);
      this.pages.set(ppn, page);
      this.version++;
    }
    return page;
  }

  pageOffset(): number {
    return 0;
  }

  /** Drop every page (all memory reads zero again). */
  clear(): void {
    this.pages.clear();
    this.version++;
  }

  /** Byte at a physical address (test and runner convenience). */
  peek(addr: number): number {
    const page = this.pages.get(addr >>> PAGE_SHIFT);
    return page === undefined ? 0 : page[addr & 0xfff];
  }

  poke(addr: number, value: number): void {
    const page = this.pageArray(addr >>> PAGE_SHIFT, true);
    if (page !== null) page[addr & 0xfff] = value;
  }
}
