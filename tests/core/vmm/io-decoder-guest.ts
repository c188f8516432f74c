// Test-only guest for the hypervisor's I/O decoder: a CPU over 4 MiB of flat RAM (flat
// segments, paging off) plus helpers to place code, change CPL and identity-map the first
// 4 MiB with 2-level or PAE page tables whose per-page flags (and NX) the test chooses.
// Layout: page tables at 0x300000-0x305FFF; tests put code below 0x200000.
import { Cpu, FlatRam } from '../../../src/core/cpu/index';
import type { PortIo } from '../../../src/core/machine/port-io';

export const P = 1, RW = 2, US = 4, PS = 0x80;
const CR0_PG = 1 << 31, CR4_PSE = 1 << 4, CR4_PAE = 1 << 5, EFER_NXE = 1 << 11;
const PD = 0x300000, PT = 0x301000, PDPT = 0x302000, PAE_PD = 0x303000, PAE_PT = 0x304000;

const noPorts: PortIo = { read: () => 0xff, write: () => undefined };

/** Flags of one 4 KiB page (P/RW/US) and, under PAE, its NX bit. */
export interface PageFlags { flags: number; nx?: boolean }

export class DecoderGuest {
  readonly ram = new FlatRam(4 << 20);
  readonly cpu = new Cpu({ memory: this.ram, io: noPorts });
  private readonly view = new DataView(this.ram.bytes.buffer);

  put(addr: number, bytes: readonly number[] | Uint8Array): void {
    this.ram.bytes.set(bytes, addr);
  }

  w32(addr: number, v: number): void {
    this.view.setUint32(addr, v >>> 0, true);
  }

  r32(addr: number): number {
    return this.view.getUint32(addr, true);
  }

  setCpl(cpl: number): void {
    this.cpu.setCpl(cpl);
  }

  /** 2-level paging: identity-map 4 MiB with 4 KiB pages (flags per page; default P|RW|US). */
  paging2(flagsFor: (page: number) => number = () => P | RW | US): void {
    this.w32(PD, PT | P | RW | US);
    for (let e = 0; e < 1024; e++) this.w32(PT + e * 4, (e << 12) | flagsFor(e));
    this.enable(PD, 0, 0);
  }

  /** 2-level paging with one 4 MiB PSE page covering the first 4 MiB. */
  paging2Large(flags = P | RW | US): void {
    this.w32(PD, PS | flags);
    this.enable(PD, CR4_PSE, 0);
  }

  /** PAE paging: identity-map 4 MiB with 4 KiB pages; `nxe` sets EFER.NXE. */
  pagingPae(nxe: boolean, flagsFor: (page: number) => PageFlags = () => ({ flags: P | RW | US })): void {
    this.w32(PDPT, PAE_PD | P);
    this.w32(PDPT + 4, 0);
    for (let t = 0; t < 2; t++) {
      this.w32(PAE_PD + t * 8, (PAE_PT + t * 0x1000) | P | RW | US);
      this.w32(PAE_PD + t * 8 + 4, 0);
    }
    for (let page = 0; page < 1024; page++) {
      const f = flagsFor(page);
      this.w32(PAE_PT + page * 8, (page << 12) | f.flags);
      this.w32(PAE_PT + page * 8 + 4, f.nx === true ? 0x80000000 : 0);
    }
    this.enable(PDPT, CR4_PAE, nxe ? EFER_NXE : 0);
  }

  /** Address of the 2-level page-table entry of `page` (to inspect accessed bits). */
  pte2(page: number): number {
    return PT + page * 4;
  }

  private enable(cr3: number, cr4: number, efer: number): void {
    const c = this.cpu;
    c.cr3 = cr3;
    c.cr4 = cr4;
    c.efer = efer;
    c.cr0 |= CR0_PG;
    c.flushTlb();
  }
}
