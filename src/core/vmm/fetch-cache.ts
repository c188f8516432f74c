// The hypervisor's own cache of guest code-page translations (optional), so that repeated
// exits from the same code page skip the software page walk, as a VMM that remembers recently
// validated instruction pages would. Only execute translations that passed every check
// (present, U/S for the privilege class, NX) are stored, tagged by privilege class like the
// CPU's TLB (a translation checked for CPL 0-2 is never reused at CPL 3, and vice versa).
//
// Coherence: the whole cache is dropped whenever the guest could have changed what a
// translation means: cpu.codeGen moves (the CPU bumps it on every TLB flush, MOV CR3, INVLPG,
// paging-mode change, code invalidation and CPL/CS change) or CR3 / the paging-mode bits differ
// from those at fill time (covers state set directly, e.g. by a snapshot load). This is
// conservative: it may miss, and it is never staler than the guest's own TLB is allowed to be.
import type { Cpu } from '../cpu/index';
import { CR0_PG, CR4_PAE, CR4_PSE, EFER_NXE } from '../cpu/regs';

const USER_BIT = 0x100000;

export class CodeTranslationCache {
  private readonly tags: Int32Array;
  private readonly ppns: Int32Array;
  private readonly mask: number;
  private gen = -1;
  private cr3 = -1;
  private mode = -1;

  /** `entries` must be a power of two (direct-mapped by virtual page number). */
  constructor(entries = 16) {
    if (entries < 1 || (entries & (entries - 1)) !== 0) throw new Error(`cache size ${entries} is not a power of two`);
    this.tags = new Int32Array(entries).fill(-1);
    this.ppns = new Int32Array(entries);
    this.mask = entries - 1;
  }

  /** Physical page number for linear page `vpn` fetched at the given privilege class, or -1. */
  lookup(cpu: Cpu, vpn: number, user: boolean): number {
    this.sync(cpu);
    const slot = vpn & this.mask;
    return this.tags[slot] === (user ? vpn | USER_BIT : vpn) ? this.ppns[slot] : -1;
  }

  /** Remember a translation that passed the fetch checks. */
  fill(cpu: Cpu, vpn: number, user: boolean, ppn: number): void {
    this.sync(cpu);
    const slot = vpn & this.mask;
    this.tags[slot] = user ? vpn | USER_BIT : vpn;
    this.ppns[slot] = ppn;
  }

  clear(): void {
    this.tags.fill(-1);
  }

  private sync(cpu: Cpu): void {
    const mode = ((cpu.cr0 & CR0_PG) !== 0 ? 1 : 0) | (cpu.cr4 & (CR4_PSE | CR4_PAE)) | (cpu.efer & EFER_NXE);
    if (this.gen === cpu.codeGen && this.cr3 === cpu.cr3 && this.mode === mode) return;
    this.clear();
    this.gen = cpu.codeGen;
    this.cr3 = cpu.cr3;
    this.mode = mode;
  }
}
