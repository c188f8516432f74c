// Reading a trapped instruction's bytes out of guest memory the way a software VMM must:
// CS:EIP -> linear (CS base, the CS limit checked for every byte, EIP wrapping at 64 KiB in a
// 16-bit code segment) -> physical through the guest's own page tables, walked in software
// with the CPU's softwareWalk (present, U/S for the guest's CPL, NX with PAE + EFER.NXE) or
// served by the VMM's CodeTranslationCache, then the byte from guest RAM (unbacked reads 0xFF).
//
// One fetcher is reused for every decode: begin() resets it for one instruction, byte(k)
// returns byte k. The translation of the current page is kept, so only the first byte on each
// page translates; an instruction straddling a page boundary translates twice, each checked on
// its own. On a failing check byte() records the fault (vector, error code, CR2) and returns
// -1; nothing is thrown and no guest-visible state changes (no accessed bits, CR2 or TLB).
// Invariant: bytes are requested in order k = 0, 1, 2, ... and k < 15 (the decoder enforces
// the length limit before asking).
import type { Cpu } from '../cpu/index';
import { softwareWalk, ACCESS_EXEC } from '../cpu/index';
import { CR0_PG, CS } from '../cpu/regs';
import type { CodeTranslationCache } from './fetch-cache';
import { emptySteps, type DecodeSteps } from './decode-steps';

export const VECTOR_GP = 13, VECTOR_PF = 14;

export class GuestCodeFetcher {
  /** Set when byte() returned -1. */
  faultVector = 0;
  faultCode = 0;
  /** Linear address that faulted (for #PF: what CR2 would hold). */
  faultAddress = 0;
  faultReason: 'cs-limit' | 'page-fault' | null = null;
  /** Instruction bytes read so far (byte k at index k). */
  readonly bytes = new Uint8Array(15);

  private cpu: Cpu | null = null;
  private steps: DecodeSteps = emptySteps();
  private cache: CodeTranslationCache | null = null;
  private eip = 0;
  private default32 = true;
  private csBase = 0;
  private csLimit = 0;
  private checkLimit = false;
  private user = false;
  private paging = false;
  /** Linear page currently translated (-1: none), its backing array (null: unbacked) and offset. */
  private vpn = -1;
  private arr: Uint8Array | null = null;
  private off = 0;

  /** Prepare to fetch the instruction at CS:`eip` of `cpu`, counting into `steps`. */
  begin(cpu: Cpu, eip: number, steps: DecodeSteps, cache: CodeTranslationCache | null): void {
    this.cpu = cpu;
    this.steps = steps;
    this.cache = cache;
    this.eip = eip;
    this.default32 = cpu.csSize === 4;
    this.csBase = cpu.segBase[CS];
    this.csLimit = cpu.segLimit[CS] >>> 0;
    this.checkLimit = cpu.segLimit[CS] !== -1;
    this.user = cpu.cpl === 3;
    this.paging = (cpu.cr0 & CR0_PG) !== 0;
    this.vpn = -1;
    this.faultVector = this.faultCode = this.faultAddress = 0;
    this.faultReason = null;
  }

  /** Offset within CS of byte k (EIP + k, wrapped to the code segment's width). */
  offsetOf(k: number): number {
    return this.default32 ? (this.eip + k) >>> 0 : (this.eip + k) & 0xffff;
  }

  /** Linear address of byte k. */
  linearOf(k: number): number {
    return (this.offsetOf(k) + this.csBase) >>> 0;
  }

  /** Byte k of the instruction (0-255), or -1 with the fault recorded. */
  byte(k: number): number {
    const off = this.offsetOf(k);
    if (this.checkLimit && off > this.csLimit) return this.fail(VECTOR_GP, 0, (off + this.csBase) >>> 0, 'cs-limit');
    const lin = (off + this.csBase) >>> 0;
    const vpn = lin >>> 12;
    if (vpn !== this.vpn && !this.translate(lin, vpn)) return -1;
    this.steps.bytesFetched++;
    const b = this.arr === null ? 0xff : this.arr[this.off + (lin & 0xfff)];
    this.bytes[k] = b;
    return b;
  }

  /** Translate the page holding `lin` for an instruction fetch; false after recording #PF. */
  private translate(lin: number, vpn: number): boolean {
    const cpu = this.cpu as Cpu;
    const steps = this.steps;
    steps.pagesTouched++;
    let ppn = vpn;
    if (this.paging) {
      const cached = this.cache === null ? -1 : this.cache.lookup(cpu, vpn, this.user);
      if (cached >= 0) {
        steps.tlbHits++;
        ppn = cached;
      } else {
        const w = softwareWalk(cpu, lin, ACCESS_EXEC, this.user);
        steps.pageWalks++;
        steps.walkLevels += w.levels;
        if (!w.ok) {
          this.fail(VECTOR_PF, w.errorCode, lin, 'page-fault');
          return false;
        }
        ppn = Math.floor(w.phys / 4096);
        if (this.cache !== null) this.cache.fill(cpu, vpn, this.user, ppn);
      }
    }
    const mem = cpu.memory;
    this.arr = ppn < 0x100000 ? mem.pageArray(ppn, false) : null;
    this.off = this.arr === null ? 0 : mem.pageOffset(ppn);
    this.vpn = vpn;
    return true;
  }

  private fail(vector: number, code: number, lin: number, reason: 'cs-limit' | 'page-fault'): -1 {
    this.faultVector = vector;
    this.faultCode = code;
    this.faultAddress = lin;
    this.faultReason = reason;
    return -1;
  }
}
