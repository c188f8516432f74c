// Linear-to-physical translation: the page walker (2-level 4 KiB / 4 MiB PSE pages, and PAE
// 3-level with 2 MiB pages and NX) and the software TLB that caches its results.
// TLB layout: TLB_SIZE direct-mapped slots indexed by the low bits of the virtual page number.
// A slot's tag is `vpn | USER_TAG` for translations made at CPL 3 and `vpn` for supervisor ones,
// so a permission check done for one privilege class is never reused by the other. tagR/tagW/
// tagX hold the tag only when that access kind is allowed (tagW only once the dirty bit is set
// and the page holds no decoded code); tlbKey holds the tag of whatever the slot describes.
// tlbGlobal marks translations from global pages (G with CR4.PGE), which MOV CR3 keeps.
// Invariant: whenever tlbKey[slot] changes, all three tags of the slot are reset first.
import type { Cpu } from './cpu';
import { fault, CpuFault, PF as PF_VEC } from './fault';
import { CR0_PG, CR0_WP, CR4_PAE, CR4_PSE, CR4_PGE, EFER_NXE } from './regs';

export const TLB_SIZE = 4096;
export const USER_TAG = 0x100000;
export const ACCESS_READ = 0, ACCESS_WRITE = 1, ACCESS_EXEC = 2;

const PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80, PTE_G = 0x100;

/** Outcome of a walk that did not fault. */
export interface WalkResult {
  /** Physical address of the byte (may exceed 2^32 under PAE). */
  phys: number;
  levels: number;
  tlbHit: boolean;
}

/**
 * Translate `lin` for an access of `kind` at the given privilege class, filling the TLB, and
 * leave the backing array and page offset in c.lastArr / c.lastOff. Throws #PF on failure.
 * Returns the physical page number.
 */
export function translate(c: Cpu, lin: number, kind: number, user: boolean): number {
  const vpn = lin >>> 12;
  const slot = vpn & (TLB_SIZE - 1);
  const tag = user ? vpn | USER_TAG : vpn;
  if (c.memory.version !== c.memoryVersion) {
    c.memoryVersion = c.memory.version;
    c.flushTlb();
  }
  const have = kind === ACCESS_READ ? c.tagR[slot] : kind === ACCESS_WRITE ? c.tagW[slot] : c.tagX[slot];
  if (have === tag) {
    c.lastArr = c.tlbArr[slot];
    c.lastOff = c.tlbOff[slot];
    c.lastWalkLevels = 0;
    return c.tlbPpn[slot];
  }
  c.tlb.misses++;
  let ppn: number;
  if ((c.cr0 & CR0_PG) === 0) {
    ppn = vpn;
    c.lastWalkLevels = 0;
    walkWritable = true;
  } else {
    walkGlobal = false;
    walkWritable = false;
    const phys = walk(c, lin, kind, user);
    ppn = Math.floor(phys / 4096);
  }
  const global = (c.cr0 & CR0_PG) !== 0 && walkGlobal;
  if (kind === ACCESS_WRITE && c.blocks.hasCode(ppn)) c.blocks.invalidatePage(ppn);
  const mem = c.memory;
  const arr = ppn < 0x100000 ? mem.pageArray(ppn, kind === ACCESS_WRITE) : null;
  if (mem.version !== c.memoryVersion) {
    // a page was just allocated: entries elsewhere may still point at the shared zero page
    c.memoryVersion = mem.version;
    c.flushTlb();
  }
  c.lastArr = arr;
  c.lastOff = arr === null ? 0 : mem.pageOffset(ppn);
  if (arr === null) return ppn; // unbacked: never cached, every access takes this path
  if (c.tlbKey[slot] !== tag || c.tlbPpn[slot] !== ppn || c.tlbArr[slot] !== arr) {
    c.tagR[slot] = c.tagW[slot] = c.tagX[slot] = -1;
    c.tlbKey[slot] = tag;
    c.tlbPpn[slot] = ppn;
    c.tlbArr[slot] = arr;
    c.tlbOff[slot] = c.lastOff;
  }
  c.tlbGlobal[slot] = global ? 1 : 0;
  if (c.tlbListed[slot] === 0) {
    c.tlbListed[slot] = 1;
    c.tlbLive[c.tlbLiveCount++] = slot;
  }
  if (kind === ACCESS_EXEC) {
    c.tagX[slot] = tag;
  } else {
    c.tagR[slot] = tag;
    if (kind === ACCESS_WRITE) c.tagW[slot] = tag; // a write walk that passed has set the dirty bit
    else if (walkWritable && !c.blocks.hasCode(ppn) && mem.pageArray(ppn, true) === arr) c.tagW[slot] = tag;
  }
  return ppn;
}

/** Set by walk(): the translation is global (G bit with CR4.PGE) and survives CR3 writes. */
let walkGlobal = false;
/**
 * Set by walk(): every level allows writes and the dirty bit is already set, so a write needs no
 * walk of its own — a read fill then grants write access too (as processors cache the dirty
 * flag in the TLB entry; a write through it changes nothing in the page tables).
 */
let walkWritable = false;

function readPhys32(c: Cpu, addr: number): number {
  const ppn = Math.floor(addr / 4096);
  const arr = ppn < 0x100000 ? c.memory.pageArray(ppn, false) : null;
  if (arr === null) return -1;
  const o = c.memory.pageOffset(ppn) + (addr & 0xfff);
  return arr[o] | (arr[o + 1] << 8) | (arr[o + 2] << 16) | (arr[o + 3] << 24);
}

/** Set while softwareWalk runs: the walk then changes no guest-visible state. */
let pure = false;

function setPhysBits(c: Cpu, addr: number, bits: number): void {
  if (pure) return;
  const ppn = Math.floor(addr / 4096);
  const arr = ppn < 0x100000 ? c.memory.pageArray(ppn, true) : null;
  if (arr === null) return;
  arr[c.memory.pageOffset(ppn) + (addr & 0xfff)] |= bits;
}

/** Set `bits` in the paging entry at `addr` whose value was `entry`, unless they already are. */
function setBitsOf(c: Cpu, addr: number, entry: number, bits: number): void {
  if ((entry & bits) !== bits) setPhysBits(c, addr, bits);
}

function pageFault(c: Cpu, lin: number, kind: number, user: boolean, present: boolean, rsvd = false): never {
  if (!pure) c.cr2 = lin;
  let code = present ? 1 : 0;
  if (kind === ACCESS_WRITE) code |= 2;
  if (user) code |= 4;
  if (rsvd) code |= 8;
  if (kind === ACCESS_EXEC && (c.efer & EFER_NXE) !== 0 && (c.cr4 & CR4_PAE) !== 0) code |= 16;
  return fault(PF_VEC, code);
}

/**
 * Walk the page tables for `lin`; returns the physical address. Checks present, U/S, R/W (with
 * CR0.WP for supervisor writes) and NX; sets accessed bits, and the dirty bit on writes.
 */
export function walk(c: Cpu, lin: number, kind: number, user: boolean): number {
  c.tlb.walks++;
  const write = kind === ACCESS_WRITE;
  const pae = (c.cr4 & CR4_PAE) !== 0;
  const nxe = pae && (c.efer & EFER_NXE) !== 0;
  let levels = 0;
  let allowUser = true, allowWrite = true, noExec = false;
  let entryAddr: number, entry: number, entryHi = 0;
  if (!pae) {
    entryAddr = (c.cr3 & ~0xfff) >>> 0;
    entryAddr += (lin >>> 22) * 4;
    entry = readPhys32(c, entryAddr);
    levels = 1;
    if ((entry & PTE_P) === 0) return walkFail(c, levels, lin, kind, user, false);
    allowUser = (entry & PTE_US) !== 0;
    allowWrite = (entry & PTE_RW) !== 0;
    if ((entry & PTE_PS) !== 0 && (c.cr4 & CR4_PSE) !== 0) {
      checkAccess(c, levels, lin, kind, user, allowUser, allowWrite, false);
      walkGlobal = (entry & PTE_G) !== 0 && (c.cr4 & CR4_PGE) !== 0;
      walkWritable = allowWrite && (entry & PTE_D) !== 0;
      setBitsOf(c, entryAddr, entry, write ? PTE_A | PTE_D : PTE_A);
      c.tlb.walkLevels += levels;
      c.lastWalkLevels = levels;
      return ((entry & 0xffc00000) >>> 0) + (lin & 0x3fffff);
    }
    setBitsOf(c, entryAddr, entry, PTE_A);
    entryAddr = ((entry & ~0xfff) >>> 0) + ((lin >>> 12) & 0x3ff) * 4;
  } else {
    // PDPTE: 4 entries at CR3[31:5]
    entryAddr = ((c.cr3 & ~0x1f) >>> 0) + (lin >>> 30) * 8;
    entry = readPhys32(c, entryAddr);
    entryHi = readPhys32(c, entryAddr + 4);
    levels = 1;
    if ((entry & PTE_P) === 0) return walkFail(c, levels, lin, kind, user, false);
    if ((entry & 0x1e6) !== 0 || (entryHi & 0xfff00000) !== 0) return walkFail(c, levels, lin, kind, user, true);
    entryAddr = paeNext(entry, entryHi) + ((lin >>> 21) & 0x1ff) * 8;
    entry = readPhys32(c, entryAddr);
    entryHi = readPhys32(c, entryAddr + 4);
    levels = 2;
    if ((entry & PTE_P) === 0) return walkFail(c, levels, lin, kind, user, false);
    if (paeReserved(entryHi, nxe)) return walkFail(c, levels, lin, kind, user, true);
    allowUser = (entry & PTE_US) !== 0;
    allowWrite = (entry & PTE_RW) !== 0;
    noExec = nxe && entryHi < 0;
    if ((entry & PTE_PS) !== 0) {
      if ((entry & 0x1fe000) !== 0) return walkFail(c, levels, lin, kind, user, true);
      checkAccess(c, levels, lin, kind, user, allowUser, allowWrite, noExec);
      walkGlobal = (entry & PTE_G) !== 0 && (c.cr4 & CR4_PGE) !== 0;
      walkWritable = allowWrite && (entry & PTE_D) !== 0;
      setBitsOf(c, entryAddr, entry, write ? PTE_A | PTE_D : PTE_A);
      c.tlb.walkLevels += levels;
      c.lastWalkLevels = levels;
      return (entryHi & 0xf) * 0x100000000 + ((entry & 0xffe00000) >>> 0) + (lin & 0x1fffff);
    }
    setBitsOf(c, entryAddr, entry, PTE_A);
    entryAddr = paeNext(entry, entryHi) + ((lin >>> 12) & 0x1ff) * 8;
  }
  entry = readPhys32(c, entryAddr);
  if (pae) entryHi = readPhys32(c, entryAddr + 4);
  levels++;
  if ((entry & PTE_P) === 0) return walkFail(c, levels, lin, kind, user, false);
  if (pae && paeReserved(entryHi, nxe)) return walkFail(c, levels, lin, kind, user, true);
  allowUser = allowUser && (entry & PTE_US) !== 0;
  allowWrite = allowWrite && (entry & PTE_RW) !== 0;
  noExec = noExec || (nxe && entryHi < 0);
  checkAccess(c, levels, lin, kind, user, allowUser, allowWrite, noExec);
  walkGlobal = (entry & PTE_G) !== 0 && (c.cr4 & CR4_PGE) !== 0;
  walkWritable = allowWrite && (entry & PTE_D) !== 0;
  setBitsOf(c, entryAddr, entry, write ? PTE_A | PTE_D : PTE_A);
  c.tlb.walkLevels += levels;
  c.lastWalkLevels = levels;
  const phys = (pae ? (entryHi & 0xf) * 0x100000000 : 0) + ((entry & ~0xfff) >>> 0) + (lin & 0xfff);
  return phys;
}

function paeNext(entry: number, entryHi: number): number {
  return (entryHi & 0xf) * 0x100000000 + ((entry & ~0xfff) >>> 0);
}

/** PAE entry reserved bits: physical address bits 36-51 (MAXPHYADDR = 36), and bit 63 without NXE. */
function paeReserved(hi: number, nxe: boolean): boolean {
  return (hi & 0x7ffffff0) !== 0 || (!nxe && hi < 0);
}

function walkFail(c: Cpu, levels: number, lin: number, kind: number, user: boolean, rsvd: boolean): never {
  c.tlb.walkLevels += levels;
  c.lastWalkLevels = levels;
  return pageFault(c, lin, kind, user, rsvd, rsvd);
}

function checkAccess(
  c: Cpu, levels: number, lin: number, kind: number, user: boolean,
  allowUser: boolean, allowWrite: boolean, noExec: boolean,
): void {
  let ok = true;
  if (user && !allowUser) ok = false;
  else if (kind === ACCESS_WRITE && !allowWrite && (user || (c.cr0 & CR0_WP) !== 0)) ok = false;
  else if (kind === ACCESS_EXEC && noExec) ok = false;
  if (!ok) {
    c.tlb.walkLevels += levels;
    c.lastWalkLevels = levels;
    pageFault(c, lin, kind, user, true);
  }
}

/**
 * Translate without side effects on the guest-visible TLB contents beyond a normal fill, for the
 * hypervisor model (fetching the trapped instruction): reports whether the TLB hit and how many
 * levels the walk read. Throws CpuFault(#PF) as the guest access would.
 */
export function probe(c: Cpu, lin: number, kind: number, user: boolean): WalkResult {
  const vpn = lin >>> 12;
  const slot = vpn & (TLB_SIZE - 1);
  const tag = user ? vpn | USER_TAG : vpn;
  const tags = kind === ACCESS_READ ? c.tagR : kind === ACCESS_WRITE ? c.tagW : c.tagX;
  const hit = tags[slot] === tag;
  if (hit) c.tlb.hits++;
  const ppn = translate(c, lin, kind, user);
  return { phys: ppn * 4096 + (lin & 0xfff), levels: hit ? 0 : c.lastWalkLevels, tlbHit: hit };
}

/** Outcome of softwareWalk: the translation, or the #PF error code the access would raise. */
export type SoftwareWalk =
  | { ok: true; phys: number; levels: number }
  | { ok: false; errorCode: number; levels: number };

/**
 * Walk the guest page tables for `lin` the way a hypervisor does in software (for instance to
 * fetch a trapped instruction): always from CR3, never from the TLB, with the same present,
 * U/S, R/W and NX checks, and without changing anything the guest can see (no accessed/dirty
 * bits, CR2, TLB or CPU statistics). With paging off the address maps to itself in 0 levels.
 */
export function softwareWalk(c: Cpu, lin: number, kind: number, user: boolean): SoftwareWalk {
  if ((c.cr0 & CR0_PG) === 0) return { ok: true, phys: lin >>> 0, levels: 0 };
  const stats = { ...c.tlb };
  const last = c.lastWalkLevels;
  pure = true;
  try {
    const phys = walk(c, lin, kind, user);
    return { ok: true, phys, levels: c.lastWalkLevels };
  } catch (e) {
    if (!(e instanceof CpuFault)) throw e;
    return { ok: false, errorCode: e.errorCode, levels: c.lastWalkLevels };
  } finally {
    pure = false;
    Object.assign(c.tlb, stats);
    c.lastWalkLevels = last;
  }
}
