// Payload parsers for the kvm events that take part in pairing (anchors.md §4.2). Each method
// of PayloadParser reads from its Cursor (reset by the caller at the payload start) into one of
// its reused result objects and returns false when the payload matches none of the known
// layouts. Results are offsets into the line, not substrings; the importer slices only what it
// stores. info1/info2/error_code are only located here (hexSpan); the importer converts what
// it needs through the same cursor.
//
// Layouts accepted:
//   kvm_exit          [vcpu N ]reason R[ FLAGS] rip 0xX[ <symbol>][ info1 0xA info2 0xB
//                     [intr_info 0xI error_code 0xE]][ info A B]; R may hold spaces
//                     (`DE excp`), so it runs up to " rip ". Unknown trailing fields are skipped.
//   kvm_entry         vcpu N[,][ rip 0xX]
//   kvm_pio           pio_read|pio_write at 0xP size S count C[ val 0xV][ (...)]
//   kvm_userspace_exit reason NAME (N)
//   kvm_emulate_insn  CS:RIP:BYTES (MODE)[ failed]   (kernel)
//                     CS:RIP[ <symbol>]: BYTES|DISASM[ FAIL]   (trace-cmd plugin)
//   kvm_nested_vmexit any of the three layouts: only checked for a reason field.
//   kvm_mmio          mmio unsatisfied-read|read|write len L gpa 0xG val 0xV
//   kvm_hypercall     nr 0xN a0 0xA a1 0xB a2 0xC a3 0xD
//   kvm_msr           msr_read|msr_write IDX = 0xDATA[ (#GP)]
//   kvm_cpuid         func F[ idx I] rax ... (only func and idx are read)

import { Cursor, hexDigit } from './cursor';
import type { CpuMode } from './insn-bytes';

export interface ExitFields {
  vcpu: number; // -1: absent
  reasonStart: number;
  reasonEnd: number;
  ripHi: number;
  ripLo: number;
  /** info1 digits: line[info1Start, info1End); info1End === -1 when absent. */
  info1Start: number;
  info1End: number;
  info2Start: number;
  info2End: number;
  /** error_code digits, info1End-style. */
  errorStart: number;
  errorEnd: number;
}

export interface EntryFields {
  vcpu: number;
}

export interface PioFields {
  isIn: boolean;
  port: number;
  size: number;
  count: number;
  hasValue: boolean;
  value: number;
}

export interface UserspaceExitFields {
  nameStart: number;
  nameEnd: number;
  number: number;
}

export interface EmulateFields {
  /** Instruction bytes, when printed as hex bytes (not disassembled); a fresh array. */
  bytes: Uint8Array | null;
  mode: CpuMode | null;
  failed: boolean;
}

export interface MmioFields {
  /** 0 unsatisfied-read (the value is not known yet), 1 read, 2 write. */
  kind: 0 | 1 | 2;
  len: number;
  /** gpa digits: line[gpaStart, gpaEnd); val digits likewise (valEnd -1: absent). */
  gpaStart: number;
  gpaEnd: number;
  valStart: number;
  valEnd: number;
}

export interface MsrFields {
  write: boolean;
  idxStart: number;
  idxEnd: number;
  dataStart: number;
  dataEnd: number;
  gp: boolean;
}

/** A hex token's digits: line[start, end); kvm_hypercall's nr, kvm_cpuid's func and idx (end -1: absent). */
export interface HexField {
  start: number;
  end: number;
}

const MODES: readonly CpuMode[] = ['real', 'vm16', 'prot16', 'prot32', 'prot64'];

/** The tail of the current kvm_exit layout after the rip (TP_printk widths: %016llx, %08x). */
const CURRENT_TAIL = / info1 0x[0-9a-f]{16} info2 0x[0-9a-f]{16} intr_info 0x[0-9a-f]{8} error_code 0x[0-9a-f]{8}$/y;

export class PayloadParser {
  readonly c = new Cursor();
  readonly exit: ExitFields = { vcpu: -1, reasonStart: 0, reasonEnd: 0, ripHi: 0, ripLo: 0, info1Start: 0, info1End: -1, info2Start: 0, info2End: -1, errorStart: 0, errorEnd: -1 };
  readonly entry: EntryFields = { vcpu: -1 };
  readonly pio: PioFields = { isIn: false, port: 0, size: 0, count: 0, hasValue: false, value: 0 };
  readonly userspace: UserspaceExitFields = { nameStart: 0, nameEnd: 0, number: 0 };
  readonly emulate: EmulateFields = { bytes: null, mode: null, failed: false };
  readonly mmio: MmioFields = { kind: 0, len: 0, gpaStart: 0, gpaEnd: 0, valStart: 0, valEnd: -1 };
  readonly msr: MsrFields = { write: false, idxStart: 0, idxEnd: 0, dataStart: 0, dataEnd: 0, gp: false };
  readonly first: HexField = { start: 0, end: -1 };
  readonly second: HexField = { start: 0, end: -1 };
  private readonly scratch = new Uint8Array(16);

  /** Point the cursor at the payload line[start...]. */
  reset(line: string, start: number): void {
    this.c.reset(line, start);
  }

  parseExit(): boolean {
    const c = this.c;
    const out = this.exit;
    out.vcpu = -1;
    out.info1End = -1;
    out.info2End = -1;
    out.errorEnd = -1;
    if (c.peek() === 118 /* v */ && c.lit('vcpu ')) {
      out.vcpu = c.uint();
      if (out.vcpu < 0) return false;
      if (c.peek() === 44 /* , */) c.i++;
      c.spaces();
    }
    if (!c.lit('reason ')) return false;
    const rs = c.i;
    let re = c.s.indexOf(' rip ', rs);
    if (re < 0) return false;
    c.i = re + 5;
    while (re > rs && c.s.charCodeAt(re - 1) === 32) re--;
    if (re === rs) return false;
    out.reasonStart = rs;
    out.reasonEnd = re;
    // The rip must be a whole hex number: `rip 0xzzzz` is malformed, not rip 0 plus junk.
    if (!c.hex() || (c.i < c.n && c.s.charCodeAt(c.i) !== 32)) return false;
    out.ripHi = c.hi;
    out.ripLo = c.lo;
    // The current kernel layout has a fixed-width tail: one native (sticky regex) match checks
    // all of it, measured ~3x cheaper than walking it; anything else takes the loop below.
    CURRENT_TAIL.lastIndex = c.i;
    if (CURRENT_TAIL.test(c.s)) {
      const i = c.i;
      out.info1Start = i + 9;
      out.info1End = i + 25;
      out.info2Start = i + 34;
      out.info2End = i + 50;
      out.errorStart = i + 85;
      out.errorEnd = i + 93;
      c.i = c.n;
      return true;
    }
    // Trailing fields, dispatched on one or two characters before the one literal match that
    // confirms the key: this loop runs for every kvm_exit line.
    for (;;) {
      c.spaces();
      if (c.atEnd()) return true;
      const ch = c.peek();
      const ch4 = c.s.charCodeAt(c.i + 4);
      if (ch === 105 /* i */ && ch4 === 49 /* 1 */ && c.lit('info1 ')) {
        if (!c.hexSpan()) return false;
        out.info1Start = c.hexStart;
        out.info1End = c.hexEnd;
      } else if (ch === 105 && ch4 === 50 /* 2 */ && c.lit('info2 ')) {
        if (!c.hexSpan()) return false;
        out.info2Start = c.hexStart;
        out.info2End = c.hexEnd;
      } else if (ch === 105 && ch4 === 32 && c.lit('info ')) {
        if (!c.hexSpan()) return false;
        out.info1Start = c.hexStart;
        out.info1End = c.hexEnd;
        c.spaces();
        if (!c.hexSpan()) return false;
        out.info2Start = c.hexStart;
        out.info2End = c.hexEnd;
      } else if (ch === 101 /* e */ && c.lit('error_code ')) {
        if (!c.hexSpan()) return false;
        out.errorStart = c.hexStart;
        out.errorEnd = c.hexEnd;
      } else {
        c.skipToken();
      }
    }
  }

  parseEntry(): boolean {
    const c = this.c;
    if (!c.lit('vcpu ')) return false;
    this.entry.vcpu = c.uint();
    return this.entry.vcpu >= 0;
  }

  parsePio(): boolean {
    const c = this.c;
    const out = this.pio;
    if (!c.lit('pio_')) return false;
    if (c.lit('read')) out.isIn = true;
    else if (c.lit('write')) out.isIn = false;
    else return false;
    if (!c.lit(' at ') || !c.hex()) return false;
    out.port = c.lo;
    if (!c.lit(' size ')) return false;
    out.size = c.uint();
    if (!c.lit(' count ')) return false;
    out.count = c.uint();
    if (out.size < 0 || out.count < 0 || c.hi !== 0 || out.port > 0xffff) return false;
    c.spaces();
    out.hasValue = c.lit('val ') && c.hex();
    out.value = out.hasValue ? c.lo : 0;
    return true;
  }

  parseUserspaceExit(): boolean {
    const c = this.c;
    const out = this.userspace;
    if (!c.lit('reason ')) return false;
    const open = c.s.indexOf(' (', c.i);
    if (open <= c.i) return false;
    out.nameStart = c.i;
    out.nameEnd = open;
    c.i = open + 2;
    out.number = c.uint();
    return out.number >= 0 && c.peek() === 41 /* ) */;
  }

  parseEmulateInsn(): boolean {
    const c = this.c;
    const out = this.emulate;
    out.bytes = null;
    out.mode = null;
    out.failed = false;
    if (!c.hex() || !c.lit(':') || !c.hex()) return false;
    if (c.peek() === 58 && c.s.charCodeAt(c.i + 1) !== 32) {
      // kernel layout: CS:RIP:BYTES (MODE)[ failed]
      c.i++;
      out.bytes = this.readBytes();
      c.spaces();
      if (!c.lit('(')) return false;
      for (const m of MODES) {
        if (c.lit(m)) {
          out.mode = m;
          break;
        }
      }
      if (out.mode === null || !c.lit(')')) return false;
      out.failed = c.s.startsWith(' failed', c.i);
      return true;
    }
    // trace-cmd plugin layout: CS:RIP[ symbol]: BYTES-or-DISASSEMBLY[ FAIL]
    const colon = c.s.indexOf(': ', c.i);
    if (colon < 0) return false;
    c.i = colon + 2;
    c.spaces();
    out.failed = c.s.endsWith(' FAIL');
    out.bytes = this.readBytes();
    if (out.bytes !== null && !(c.atEnd() || c.s.startsWith(' FAIL', c.i))) out.bytes = null;
    return true;
  }

  parseMmio(): boolean {
    const c = this.c;
    const out = this.mmio;
    if (!c.lit('mmio ')) return false;
    if (c.lit('unsatisfied-read')) out.kind = 0;
    else if (c.lit('read')) out.kind = 1;
    else if (c.lit('write')) out.kind = 2;
    else return false;
    if (!c.lit(' len ')) return false;
    out.len = c.uint();
    if (out.len < 0 || !c.lit(' gpa ') || !c.hex()) return false;
    out.gpaStart = c.hexStart;
    out.gpaEnd = c.hexEnd;
    out.valEnd = -1;
    if (c.lit(' val ') && c.hex()) {
      out.valStart = c.hexStart;
      out.valEnd = c.hexEnd;
    }
    return true;
  }

  parseHypercall(): boolean {
    const c = this.c;
    if (!c.lit('nr ') || !c.hex()) return false;
    this.first.start = c.hexStart;
    this.first.end = c.hexEnd;
    return true;
  }

  parseMsr(): boolean {
    const c = this.c;
    const out = this.msr;
    if (!c.lit('msr_')) return false;
    if (c.lit('write')) out.write = true;
    else if (c.lit('read')) out.write = false;
    else return false;
    if (!c.lit(' ') || !c.hex()) return false;
    out.idxStart = c.hexStart;
    out.idxEnd = c.hexEnd;
    if (!c.lit(' = ') || !c.hex()) return false;
    out.dataStart = c.hexStart;
    out.dataEnd = c.hexEnd;
    out.gp = c.lit(' (#GP)');
    return true;
  }

  parseCpuid(): boolean {
    const c = this.c;
    if (!c.lit('func ') || !c.hex()) return false;
    this.first.start = c.hexStart;
    this.first.end = c.hexEnd;
    this.second.end = -1;
    if (c.lit(' idx ') && c.hex()) {
      this.second.start = c.hexStart;
      this.second.end = c.hexEnd;
    }
    return true;
  }

  /** kvm_nested_vmexit: all three layouts carry a reason field. */
  parseNestedVmexit(): boolean {
    return this.c.s.indexOf('reason', this.c.i) >= 0;
  }

  /** Space-separated two-digit hex bytes (`f3 6c`), or null when the text is not that. */
  private readBytes(): Uint8Array | null {
    const c = this.c;
    const s = c.s;
    const scratch = this.scratch;
    let n = 0;
    for (;;) {
      const hi = hexDigit(s.charCodeAt(c.i));
      const lo = hexDigit(s.charCodeAt(c.i + 1));
      if (hi < 0 || lo < 0 || n === scratch.length) break;
      const after = c.i + 2;
      if (after < c.n && s.charCodeAt(after) !== 32) break;
      scratch[n++] = (hi << 4) | lo;
      c.i = after;
      // step over one blank when another byte follows
      if (after < c.n && hexDigit(s.charCodeAt(after + 1)) >= 0 && hexDigit(s.charCodeAt(after + 2)) >= 0) c.i++;
      else break;
    }
    return n > 0 ? scratch.slice(0, n) : null;
  }
}
