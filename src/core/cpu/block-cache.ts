// Decoded-instruction cache. Straight-line runs of instructions ("blocks") are decoded once and
// kept per physical page, keyed by the byte offset of their first instruction, so paging changes
// never make them stale; only writes to the page do. A block never crosses a page boundary; an
// instruction that straddles two pages is decoded afresh each time and never cached.
// Invariants:
//   - a physical page has an entry in `pages` iff it holds cached code; while it does, no TLB
//     slot maps it writable (writes take the slow path, which calls invalidatePage);
//   - a block is only reused when decoded for the same default operand size (CS.D) and the code
//     segment is flat (limit 4 GiB - 1); other code segments are decoded with limit checks.
import type { Cpu } from './cpu';
import type { Insn } from './insn';
import { translate, ACCESS_EXEC, TLB_SIZE } from './mmu';
import { decodeBlock } from './decoder';
import type { CompiledBlock } from './block-compiler';

export class Block {
  /** Successor most recently taken from this block, valid while linkGen === cpu.codeGen. */
  link: Block | null = null;
  linkEip = 0;
  linkGen = -1;
  /** The successor taken before that one (the other way of a two-way branch). */
  link2: Block | null = null;
  link2Eip = 0;
  link2Gen = -1;
  /** Compiled form (block-compiler.ts), made once the block has run cpu.compileAfter times. */
  fn: CompiledBlock | null = null;
  runs = 0;
  constructor(
    readonly insns: Insn[],
    readonly mode: number,
  ) {}
}

type PageBlocks = (Block | undefined)[];

export class BlockCache {
  private readonly pages = new Map<number, PageBlocks>();
  /** 1 for a physical page (below 4 GiB) that has an entry in `pages`: hasCode without a Map lookup. */
  private readonly codePages = new Uint8Array(0x100000);
  private lastPpn = -1;
  private lastPage: PageBlocks | undefined = undefined;
  /** Blocks decoded (cache misses), for the bench and tests. */
  decoded = 0;

  constructor(private readonly c: Cpu) {}

  clear(): void {
    for (const ppn of this.pages.keys()) if (ppn < 0x100000) this.codePages[ppn] = 0;
    this.pages.clear();
    this.lastPpn = -1;
    this.lastPage = undefined;
  }

  hasCode(ppn: number): boolean {
    return ppn < 0x100000 ? this.codePages[ppn] === 1 : this.pages.has(ppn);
  }

  invalidatePage(ppn: number): void {
    if (!this.pages.delete(ppn)) return;
    if (ppn < 0x100000) this.codePages[ppn] = 0;
    this.c.codeGen++;
    if (this.lastPpn === ppn) {
      this.lastPpn = -1;
      this.lastPage = undefined;
    }
    this.c.breakBlock = true;
  }

  /** CS or CPL changed: end the current block (lookups re-check the mode). */
  modeChanged(): void {
    this.c.codeGen++;
    this.c.breakBlock = true;
  }

  /** The block starting at CS:EIP, decoding it on a miss. May throw #PF/#GP from the fetch. */
  lookup(): Block {
    const c = this.c;
    const lin = (c.eip + c.segBase[1]) | 0;
    const vpn = lin >>> 12;
    const slot = vpn & (TLB_SIZE - 1);
    let ppn: number;
    if (c.tagX[slot] === (vpn | c.userTag)) {
      ppn = c.tlbPpn[slot];
      c.tlb.hits++;
    } else {
      ppn = translate(c, lin, ACCESS_EXEC, c.userTag !== 0);
      if (c.lastArr === null) return this.decode(lin, -1);
    }
    let page: PageBlocks | undefined;
    if (ppn === this.lastPpn) page = this.lastPage;
    else {
      page = this.pages.get(ppn);
      this.lastPpn = ppn;
      this.lastPage = page;
    }
    if (page !== undefined) {
      const b = page[lin & 0xfff];
      // the same physical code reached through another CS base or linear alias has other EIPs
      if (b !== undefined && b.mode === c.csSize && b.insns[0].eip === c.eip && c.segLimit[1] === -1) return b;
    }
    return this.decode(lin, ppn);
  }

  private decode(lin: number, ppn: number): Block {
    const c = this.c;
    this.decoded++;
    const insns = decodeBlock(c, c.eip);
    const block = new Block(insns, c.csSize);
    const first = insns[0];
    const crosses = ((lin & 0xfff) + first.len) > 0x1000;
    if (ppn < 0 || crosses || c.segLimit[1] !== -1) return block;
    let page = this.pages.get(ppn);
    if (page === undefined) {
      page = new Array<Block | undefined>(4096).fill(undefined);
      this.pages.set(ppn, page);
      if (ppn < 0x100000) this.codePages[ppn] = 1;
      // no TLB slot may keep write access to a page that now holds code
      for (let s = 0; s < TLB_SIZE; s++) if (c.tlbPpn[s] === ppn) c.tagW[s] = -1;
    }
    page[lin & 0xfff] = block;
    this.lastPpn = ppn;
    this.lastPage = page;
    return block;
  }
}
