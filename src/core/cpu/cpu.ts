// The i386 CPU: architectural state plus the memory accessors every instruction handler uses.
// How the parts fit:
//   - registers live in one 32-byte buffer viewed as Int32Array / Uint16Array / Uint8Array, so
//     AL, AX and EAX alias exactly as on hardware (this needs a little-endian host);
//   - arithmetic flags are lazy (see flags.ts): `flags` holds the materialised bits and `lazy`
//     says which of the six arithmetic flags must instead be derived from lOp/lA/lB/lR;
//   - segment registers keep descriptor caches (base, limit, attributes); a segment that is not
//     a plain flat writable data segment has its bit set in `segSlow`, and only those accesses
//     pay for limit/type checks (segments.ts);
//   - linear addresses go through a direct-mapped software TLB (mmu.ts) whose slots hold the
//     backing array and offset of a physical page; a hit is one compare and an array index;
//   - handlers throw CpuFault (or, on the hot I/O #GP path, defer one: deferredVector); the run
//     loop (run-loop.ts) restores EIP and delivers it (interrupts.ts). Decoded instructions are
//     cached per physical page (block-cache.ts).
import type { PortIo } from '../machine/port-io';
import type { PhysicalMemory } from './memory';
import type { CpuHooks, StopReason } from './hooks';
import type { Insn } from './insn';
import { FLAGS_FIXED, CR0_PE, CR0_ET, ARITH_FLAGS } from './regs';
import { materializeFlags } from './flags';
import { checkSegment } from './segments';
import { translate, TLB_SIZE, ACCESS_READ, ACCESS_WRITE, USER_TAG } from './mmu';
import { BlockCache } from './block-cache';
import { I386_CYCLES, type CycleTable } from './cycles';
import { run } from './run-loop';

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('ExitScope CPU needs a little-endian host (register views alias by byte order)');
}

export interface CpuOptions {
  memory: PhysicalMemory;
  io: PortIo;
  hooks?: CpuHooks;
  cycles?: CycleTable;
}

export interface TlbStats {
  /** Translations served by the TLB on the paths that count them (code fetch per block, translate()). */
  hits: number;
  /** Every TLB miss (data, code and system accesses). */
  misses: number;
  /** Page walks performed and the total number of paging-structure levels read. */
  walks: number;
  walkLevels: number;
}

export class Cpu {
  readonly memory: PhysicalMemory;
  io: PortIo;
  hooks: CpuHooks;
  readonly cycleTable: CycleTable;

  // --- general registers (aliased views) ---
  readonly regBuffer = new ArrayBuffer(32);
  readonly r32 = new Int32Array(this.regBuffer);
  readonly r16 = new Uint16Array(this.regBuffer);
  readonly r8 = new Uint8Array(this.regBuffer);
  eip = 0;

  // --- flags: materialised bits + lazy arithmetic state ---
  flags = FLAGS_FIXED;
  lazy = 0;
  lOp = 0;
  lA = 0;
  lB = 0;
  lR = 0;
  lMask = 0;
  lSign = 0;

  // --- segments: selector + descriptor cache, indexed by Sreg number ---
  readonly sel = new Uint16Array(6);
  readonly segBase = new Int32Array(6);
  /** Effective byte limit (granularity applied), as int32: -1 means 0xFFFFFFFF. */
  readonly segLimit = new Int32Array(6);
  /** Descriptor bits 40-55 (type, S, DPL, P, AVL, D/B, G); 0 for an unusable (null) segment. */
  readonly segAttr = new Int32Array(6);
  segSlow = 0;
  cpl = 0;
  /** 0xFFFF for a 16-bit stack segment (SS.B = 0), -1 for 32-bit. */
  ssMask = -1;
  /** Default operand/address size of the code segment (CS.D): 4 or 2. */
  csSize = 4;

  // --- system registers ---
  cr0 = CR0_PE | CR0_ET;
  cr2 = 0;
  cr3 = 0;
  cr4 = 0;
  efer = 0;
  gdtBase = 0;
  gdtLimit = 0;
  idtBase = 0;
  idtLimit = 0x7ff;
  ldtSel = 0;
  ldtBase = 0;
  ldtLimit = 0;
  trSel = 0;
  trBase = 0;
  trLimit = 0;
  trAttr = 0;
  /** Debug registers: storage only (no breakpoints are raised). */
  readonly dr = new Int32Array(8);

  // --- software TLB (mmu.ts) ---
  readonly tagR = new Int32Array(TLB_SIZE).fill(-1);
  readonly tagW = new Int32Array(TLB_SIZE).fill(-1);
  readonly tagX = new Int32Array(TLB_SIZE).fill(-1);
  readonly tlbKey = new Int32Array(TLB_SIZE).fill(-1);
  readonly tlbPpn = new Int32Array(TLB_SIZE);
  readonly tlbOff = new Int32Array(TLB_SIZE);
  readonly tlbGlobal = new Uint8Array(TLB_SIZE);
  readonly tlbArr: Uint8Array[] = new Array<Uint8Array>(TLB_SIZE).fill(new Uint8Array(0));
  /**
   * The slots filled since the last flush (each once: tlbListed), so a flush clears those
   * instead of all TLB_SIZE slots — a guest reloading CR3 often (a context switch) fills few.
   * Invariant: a slot with any tag other than -1 is listed.
   */
  readonly tlbLive = new Int32Array(TLB_SIZE);
  tlbLiveCount = 0;
  readonly tlbListed = new Uint8Array(TLB_SIZE);
  /** USER_TAG when CPL = 3 so user and supervisor translations never share a TLB entry. */
  userTag = 0;
  memoryVersion = 0;
  readonly tlb: TlbStats = { hits: 0, misses: 0, walks: 0, walkLevels: 0 };
  /** Levels read by the most recent page walk (0 when the last translation hit or paging is off). */
  lastWalkLevels = 0;
  /** Result of the last slow translation: backing array (null = unbacked) and page offset. */
  lastArr: Uint8Array | null = null;
  lastOff = 0;

  // --- execution control ---
  readonly blocks: BlockCache;
  cycles = 0;
  instructions = 0;
  /** Executions of a block before it is compiled (block-compiler.ts); Infinity interprets only. */
  compileAfter = 16;
  halted = false;
  /** Set by a triple fault: the CPU no longer executes until reset. */
  shutdown = false;
  /** Set by anything that must end the current block early (SMC, STI, exits, stop requests). */
  breakBlock = false;
  stopRequested = false;
  /** Set only while emulate.ts performs a trapped I/O instruction for the hypervisor. */
  ioBypass = false;
  /**
   * A fault raised without a throw (fault.ts deferFault): the vector, or -1 for none, and its
   * error code. The handler that set it returns at once; the run loop un-retires the instruction
   * and delivers the fault exactly as it delivers a thrown CpuFault.
   */
  deferredVector = -1;
  deferredCode = 0;
  /** While a deferred fault is delivered: the decoded instruction that raised it and codeGen then
   * (emulate.ts reuses it instead of decoding the instruction again). */
  deferredInsn: Insn | null = null;
  deferredGen = 0;
  stopReason: StopReason | null = null;
  /** External interrupt line (level); see the irqPending accessor. */
  private intr = false;
  /** STI / MOV SS / POP SS shadow: interrupts wait until one more instruction has run. */
  irqShadow = false;
  /**
   * Bumped whenever cached block-to-block links may be wrong: TLB flush or INVLPG, code
   * invalidation, CS/CPL change. A link is followed only if its generation matches.
   */
  codeGen = 0;
  /** Interrupts and exceptions delivered through the IDT so far (single-step uses it). */
  interruptsDelivered = 0;
  /** Fault-delivery nesting: the vector being delivered, for double/triple fault detection. */
  delivering = -1;
  tsc0 = 0;

  constructor(opts: CpuOptions) {
    this.memory = opts.memory;
    this.io = opts.io;
    this.hooks = opts.hooks ?? {};
    this.cycleTable = opts.cycles ?? I386_CYCLES;
    this.blocks = new BlockCache(this);
    this.memoryVersion = this.memory.version;
    this.resetFlat();
  }

  /**
   * Protected mode, CPL 0, paging off, flat 4 GiB 32-bit code/data/stack segments (the state a
   * boot loader leaves and the conformance machine uses). Registers and the clock are zeroed.
   */
  resetFlat(): void {
    this.r32.fill(0);
    this.dr.fill(0);
    this.eip = 0;
    this.flags = FLAGS_FIXED;
    this.lazy = 0;
    this.cr0 = CR0_PE | CR0_ET;
    this.cr2 = this.cr3 = this.cr4 = this.efer = 0;
    this.gdtBase = this.gdtLimit = this.idtBase = 0;
    this.idtLimit = 0x7ff;
    this.ldtSel = this.ldtBase = this.ldtLimit = 0;
    this.trSel = this.trBase = this.trLimit = this.trAttr = 0;
    this.irqPending = this.irqShadow = this.stopRequested = false;
    this.tsc0 = 0;
    for (let s = 0; s < 6; s++) {
      this.sel[s] = s === 1 ? 0x08 : 0x10;
      this.segBase[s] = 0;
      this.segLimit[s] = -1;
      this.segAttr[s] = s === 1 ? 0xc09b : 0xc093;
    }
    this.segmentsChanged();
    this.cpl = 0;
    this.userTag = 0;
    this.halted = false;
    this.shutdown = false;
    this.stopReason = null;
    this.delivering = -1;
    this.cycles = 0;
    this.instructions = 0;
    this.flushTlb();
    this.blocks.clear();
  }

  // ---------------------------------------------------------------- flags

  getEflags(): number {
    if (this.lazy !== 0) materializeFlags(this);
    return this.flags;
  }

  /** Replace EFLAGS wholesale (no privilege rules: callers apply them). */
  setEflags(v: number): void {
    this.lazy = 0;
    this.flags = (v & 0x3f7fd7) | FLAGS_FIXED;
  }

  /** Set the materialised arithmetic flags in `mask` to `bits`, leaving others (lazy or not). */
  setArithFlags(mask: number, bits: number): void {
    this.getEflags();
    this.flags = (this.flags & ~mask) | (bits & mask & ARITH_FLAGS);
  }

  // ---------------------------------------------------------------- registers

  /** 8-bit register by encoding (AL, CL, DL, BL, AH, CH, DH, BH). */
  getReg8(n: number): number {
    return this.r8[((n & 3) << 2) | (n >> 2)];
  }
  setReg8(n: number, v: number): void {
    this.r8[((n & 3) << 2) | (n >> 2)] = v;
  }
  getReg(size: number, n: number): number {
    return size === 4 ? this.r32[n] : size === 2 ? this.r16[n << 1] : this.r8[((n & 3) << 2) | (n >> 2)];
  }
  setReg(size: number, n: number, v: number): void {
    if (size === 4) this.r32[n] = v;
    else if (size === 2) this.r16[n << 1] = v;
    else this.r8[((n & 3) << 2) | (n >> 2)] = v;
  }

  // ---------------------------------------------------------------- segments

  /** Recompute segSlow, ssMask and csSize after any descriptor cache changed. */
  segmentsChanged(): void {
    let slow = 0;
    for (let s = 0; s < 6; s++) {
      const a = this.segAttr[s];
      // flat fast path: present, data, writable, expand-up, limit 4 GiB - 1
      const fast = (a & 0x80) !== 0 && (a & 0x1e) === 0x12 && this.segLimit[s] === -1;
      if (!fast) slow |= 1 << s;
    }
    // CS is always checked: it is only a data operand with a CS override, and never writable
    this.segSlow = slow | (1 << 1);
    this.ssMask = (this.segAttr[2] & 0x4000) !== 0 ? -1 : 0xffff;
    this.csSize = (this.segAttr[1] & 0x4000) !== 0 ? 4 : 2;
  }

  // ---------------------------------------------------------------- memory (segment:offset)

  read8(s: number, off: number): number {
    if ((this.segSlow & (1 << s)) !== 0) checkSegment(this, s, off, 1, false);
    const lin = (off + this.segBase[s]) | 0;
    const vpn = lin >>> 12;
    const slot = vpn & (TLB_SIZE - 1);
    if (this.tagR[slot] === (vpn | this.userTag)) return this.tlbArr[slot][this.tlbOff[slot] + (lin & 0xfff)];
    return this.readLin8(lin, this.userTag !== 0);
  }

  read16(s: number, off: number): number {
    if ((this.segSlow & (1 << s)) !== 0) checkSegment(this, s, off, 2, false);
    const lin = (off + this.segBase[s]) | 0;
    const vpn = lin >>> 12;
    const slot = vpn & (TLB_SIZE - 1);
    const po = lin & 0xfff;
    if (this.tagR[slot] === (vpn | this.userTag) && po !== 0xfff) {
      const a = this.tlbArr[slot];
      const o = this.tlbOff[slot] + po;
      return a[o] | (a[o + 1] << 8);
    }
    return this.readLin16(lin, this.userTag !== 0);
  }

  read32(s: number, off: number): number {
    if ((this.segSlow & (1 << s)) !== 0) checkSegment(this, s, off, 4, false);
    const lin = (off + this.segBase[s]) | 0;
    const vpn = lin >>> 12;
    const slot = vpn & (TLB_SIZE - 1);
    const po = lin & 0xfff;
    if (this.tagR[slot] === (vpn | this.userTag) && po <= 0xffc) {
      const a = this.tlbArr[slot];
      const o = this.tlbOff[slot] + po;
      return a[o] | (a[o + 1] << 8) | (a[o + 2] << 16) | (a[o + 3] << 24);
    }
    return this.readLin32(lin, this.userTag !== 0);
  }

  read(size: number, s: number, off: number): number {
    return size === 4 ? this.read32(s, off) : size === 2 ? this.read16(s, off) : this.read8(s, off);
  }

  write8(s: number, off: number, v: number): void {
    if ((this.segSlow & (1 << s)) !== 0) checkSegment(this, s, off, 1, true);
    const lin = (off + this.segBase[s]) | 0;
    const vpn = lin >>> 12;
    const slot = vpn & (TLB_SIZE - 1);
    if (this.tagW[slot] === (vpn | this.userTag)) {
      this.tlbArr[slot][this.tlbOff[slot] + (lin & 0xfff)] = v;
      return;
    }
    this.writeLin8(lin, v, this.userTag !== 0);
  }

  write16(s: number, off: number, v: number): void {
    if ((this.segSlow & (1 << s)) !== 0) checkSegment(this, s, off, 2, true);
    const lin = (off + this.segBase[s]) | 0;
    const vpn = lin >>> 12;
    const slot = vpn & (TLB_SIZE - 1);
    const po = lin & 0xfff;
    if (this.tagW[slot] === (vpn | this.userTag) && po !== 0xfff) {
      const a = this.tlbArr[slot];
      const o = this.tlbOff[slot] + po;
      a[o] = v;
      a[o + 1] = v >> 8;
      return;
    }
    this.writeLin16(lin, v, this.userTag !== 0);
  }

  write32(s: number, off: number, v: number): void {
    if ((this.segSlow & (1 << s)) !== 0) checkSegment(this, s, off, 4, true);
    const lin = (off + this.segBase[s]) | 0;
    const vpn = lin >>> 12;
    const slot = vpn & (TLB_SIZE - 1);
    const po = lin & 0xfff;
    if (this.tagW[slot] === (vpn | this.userTag) && po <= 0xffc) {
      const a = this.tlbArr[slot];
      const o = this.tlbOff[slot] + po;
      a[o] = v;
      a[o + 1] = v >> 8;
      a[o + 2] = v >> 16;
      a[o + 3] = v >> 24;
      return;
    }
    this.writeLin32(lin, v, this.userTag !== 0);
  }

  write(size: number, s: number, off: number, v: number): void {
    if (size === 4) this.write32(s, off, v);
    else if (size === 2) this.write16(s, off, v);
    else this.write8(s, off, v);
  }

  /** Check that [off, off+len) of segment s is writable (and paged in) before a multi-part write. */
  probeWrite(s: number, off: number, len: number): void {
    if ((this.segSlow & (1 << s)) !== 0) checkSegment(this, s, off, len, true);
    const lin = (off + this.segBase[s]) | 0;
    const user = this.userTag !== 0;
    translate(this, lin, ACCESS_WRITE, user);
    if (((lin & 0xfff) + len - 1) >>> 12 !== 0) translate(this, (lin + len - 1) | 0, ACCESS_WRITE, user);
  }

  // ---------------------------------------------------------------- memory (linear, slow paths)

  readLin8(lin: number, user: boolean): number {
    translate(this, lin, ACCESS_READ, user);
    const a = this.lastArr;
    return a === null ? 0xff : a[this.lastOff + (lin & 0xfff)];
  }

  readLin16(lin: number, user: boolean): number {
    if ((lin & 0xfff) === 0xfff) return this.readLin8(lin, user) | (this.readLin8((lin + 1) | 0, user) << 8);
    translate(this, lin, ACCESS_READ, user);
    const a = this.lastArr;
    if (a === null) return 0xffff;
    const o = this.lastOff + (lin & 0xfff);
    return a[o] | (a[o + 1] << 8);
  }

  readLin32(lin: number, user: boolean): number {
    if ((lin & 0xfff) > 0xffc) return this.readLin16(lin, user) | (this.readLin16((lin + 2) | 0, user) << 16);
    translate(this, lin, ACCESS_READ, user);
    const a = this.lastArr;
    if (a === null) return -1;
    const o = this.lastOff + (lin & 0xfff);
    return a[o] | (a[o + 1] << 8) | (a[o + 2] << 16) | (a[o + 3] << 24);
  }

  writeLin8(lin: number, v: number, user: boolean): void {
    translate(this, lin, ACCESS_WRITE, user);
    const a = this.lastArr;
    if (a !== null) a[this.lastOff + (lin & 0xfff)] = v;
  }

  writeLin16(lin: number, v: number, user: boolean): void {
    // Both pages are translated before any byte is written, so a fault writes nothing.
    if ((lin & 0xfff) === 0xfff) translate(this, (lin + 1) | 0, ACCESS_WRITE, user);
    this.writeLin8(lin, v, user);
    this.writeLin8((lin + 1) | 0, v >> 8, user);
  }

  writeLin32(lin: number, v: number, user: boolean): void {
    if ((lin & 0xfff) > 0xffc) translate(this, (lin + 3) | 0, ACCESS_WRITE, user);
    translate(this, lin, ACCESS_WRITE, user);
    for (let k = 0; k < 4; k++) this.writeLin8((lin + k) | 0, v >> (k * 8), user);
  }

  /** Supervisor-mode (system structure) reads and writes: GDT, LDT, IDT, TSS. */
  readSys32(lin: number): number {
    return this.readLin32(lin, false);
  }
  readSys16(lin: number): number {
    return this.readLin16(lin, false);
  }
  writeSys32(lin: number, v: number): void {
    this.writeLin32(lin, v, false);
  }
  writeSys16(lin: number, v: number): void {
    this.writeLin16(lin, v, false);
  }

  // ---------------------------------------------------------------- stack

  push32(v: number): void {
    const sp = (this.r32[4] - 4) & this.ssMask;
    this.write32(2, sp, v);
    this.r32[4] = this.ssMask === -1 ? sp : (this.r32[4] & ~0xffff) | sp;
  }

  push16(v: number): void {
    const sp = (this.r32[4] - 2) & this.ssMask;
    this.write16(2, sp, v);
    this.r32[4] = this.ssMask === -1 ? sp : (this.r32[4] & ~0xffff) | sp;
  }

  push(size: number, v: number): void {
    if (size === 4) this.push32(v);
    else this.push16(v);
  }

  pop32(): number {
    const v = this.read32(2, this.r32[4] & this.ssMask);
    this.adjustSp(4);
    return v;
  }

  pop16(): number {
    const v = this.read16(2, this.r32[4] & this.ssMask);
    this.adjustSp(2);
    return v;
  }

  pop(size: number): number {
    return size === 4 ? this.pop32() : this.pop16();
  }

  /** Read the stack n bytes above the top without popping. */
  peekStack(size: number, n: number): number {
    const off = (this.r32[4] + n) & this.ssMask;
    return size === 4 ? this.read32(2, off) : this.read16(2, off);
  }

  adjustSp(n: number): void {
    const sp = this.r32[4];
    this.r32[4] = this.ssMask === -1 ? (sp + n) | 0 : (sp & ~0xffff) | ((sp + n) & 0xffff);
  }

  // ---------------------------------------------------------------- TLB, CPL, control

  flushTlb(): void {
    this.codeGen++;
    const live = this.tlbLive;
    for (let k = 0; k < this.tlbLiveCount; k++) {
      const s = live[k];
      this.tagR[s] = this.tagW[s] = this.tagX[s] = this.tlbKey[s] = -1;
      this.tlbListed[s] = 0;
    }
    this.tlbLiveCount = 0;
  }

  /** MOV CR3 / task switch: drop every translation except global pages. */
  flushNonGlobal(): void {
    this.codeGen++;
    const live = this.tlbLive;
    let kept = 0;
    for (let k = 0; k < this.tlbLiveCount; k++) {
      const s = live[k];
      if (this.tlbGlobal[s] === 0) {
        this.tagR[s] = this.tagW[s] = this.tagX[s] = this.tlbKey[s] = -1;
        this.tlbListed[s] = 0;
      } else live[kept++] = s;
    }
    this.tlbLiveCount = kept;
  }

  /** Drop the TLB entries for one linear page (INVLPG), for both privilege classes. */
  invalidatePage(lin: number): void {
    const vpn = lin >>> 12;
    const slot = vpn & (TLB_SIZE - 1);
    this.codeGen++;
    if ((this.tlbKey[slot] & ~USER_TAG) === vpn) {
      this.tagR[slot] = this.tagW[slot] = this.tagX[slot] = this.tlbKey[slot] = -1;
    }
  }

  setCpl(cpl: number): void {
    if (cpl !== this.cpl) this.codeGen++;
    this.cpl = cpl;
    this.userTag = cpl === 3 ? USER_TAG : 0;
  }

  /**
   * Tell the CPU that something other than the CPU wrote guest physical memory (a loader, DMA),
   * so decoded instructions from those pages are dropped.
   */
  physicalWritten(addr: number, length: number): void {
    for (let p = addr >>> 12; p <= (addr + length - 1) >>> 12; p++) this.blocks.invalidatePage(p);
  }

  /** Hold off external interrupts until after the next instruction (STI, MOV SS, POP SS). */
  holdInterrupts(): void {
    this.irqShadow = true;
    this.breakBlock = true;
  }

  /**
   * The external interrupt line (the PIC's INTR), sampled between instructions when IF = 1.
   * Raising it also ends the current block, so the interrupt is taken at the next boundary.
   */
  get irqPending(): boolean {
    return this.intr;
  }
  set irqPending(asserted: boolean) {
    this.intr = asserted;
    if (asserted) this.breakBlock = true;
  }

  /** Same as assigning irqPending (a callback-friendly form). */
  setIrq(asserted: boolean): void {
    this.irqPending = asserted;
  }

  /** Ask the run loop to return with reason 'stop' at the next instruction boundary. */
  requestStop(): void {
    this.stopRequested = true;
    this.breakBlock = true;
  }

  /**
   * Run up to `budget` instructions, and (optionally) until the cycle counter reaches
   * `untilCycle` (checked between blocks, so it may overshoot by one block). Returns why it
   * stopped: 'budget', 'deadline', 'hlt' (halted with no deliverable interrupt), 'stop'
   * (requestStop) or 'triple-fault' (the CPU has shut down).
   */
  run(budget: number, untilCycle = Infinity): StopReason {
    return run(this, budget, untilCycle);
  }

  /** Guest time-stamp counter: the cycle counter plus the offset WRMSR(TSC) set. */
  readTsc(): number {
    return this.cycles + this.tsc0;
  }
}
