// The hypervisor's own decoder for a trapped port-I/O instruction (trap mechanism: the guest's
// IN/OUT/INS/OUTS raised #GP and the VMM knows only CS:EIP). How the parts fit:
//   - GuestCodeFetcher (guest-fetch.ts) reads the bytes through the guest page tables, checking
//     present / U/S / NX and the CS limit, and counts the fetch steps;
//   - this file walks the bytes like a C decoder built on two tables: BYTE_CLASS (256 entries:
//     which prefix a byte is, or which I/O opcode class, or neither) and FORM_INDEX (opcode,
//     operand size, REP -> form id, precomputed from io-forms.ts formIdOf, so the 24-form
//     numbering lives only there). Every decision and table look-up is counted in DecodeSteps
//     (decode-steps.ts explains what each count means; the counts are priced).
//   - the result is one of two records owned by the IoDecoder and reused by every decode
//     (like the CPU's IoExitInfo): copy what must outlive the next decode.
//
// Architectural choices (Intel SDM vol. 2, ch. 2.1.1 and the IN/OUT/INS/OUTS pages):
//   - prefixes may repeat; the last of a group wins (segment, REP); 66/67 do not toggle back;
//   - more than 15 bytes -> #GP(0), detected before reading the 16th byte (never fetched);
//   - F0 (LOCK) on an I/O opcode -> #UD; any other opcode -> #UD with reason 'not-io' (for a
//     VMM this means "the #GP was not an I/O instruction": reflect the original fault);
//   - F2 (REPNE) on INS/OUTS repeats exactly like F3. The SDM defines REPNE only for CMPS/SCAS
//     (and calls other uses reserved), but the ZF termination test exists only there: CPUs
//     repeat INS/OUTS under F2, KVM's emulator does too (string_insn_completed tests ZF only for
//     opcodes A6/A7/AE/AF) and so does this repo's CPU. So rep = true and repPrefix says which
//     byte it was (0xF2 shows as `repnz ins` in objdump). REP on IN/OUT is ignored (rep = false);
//   - segment overrides select the OUTS source segment; INS always writes ES:(E)DI and IN/OUT
//     have no memory operand, so overrides are ignored there (still reported in `prefixes`);
//   - the whole instruction (imm8 included) is read before LOCK is rejected, so a too-long
//     or page-faulting imm8 wins over #UD as in the CPU; a non-I/O opcode stops at the opcode
//     (the VMM reads no further: it reflects the #GP it trapped).
import type { Cpu } from '../cpu/index';
import { DS, ES } from '../cpu/regs';
import type { IoDir, PortSource } from '../trace/exit-record';
import { IO_FORMS, formIdOf } from '../cpu/io-form-table';
import { GuestCodeFetcher, VECTOR_GP, VECTOR_PF } from './guest-fetch';
import { emptySteps, resetSteps, type DecodeSteps } from './decode-steps';
import type { CodeTranslationCache } from './fetch-cache';

export const VECTOR_UD = 6;
export const MAX_INSN_LENGTH = 15;

export type IoDecodeFaultReason = 'page-fault' | 'cs-limit' | 'too-long' | 'lock' | 'not-io';

/** A decoded port-I/O instruction. */
export interface DecodedIo {
  readonly kind: 'io';
  /** Stable form id 0-23 and canonical mnemonic (io-forms.ts). */
  readonly formId: number;
  readonly mnemonic: string;
  /** Bytes from the first prefix to the end (imm8 included); the next EIP is eip + length. */
  readonly length: number;
  /** The imm8 value, or 'dx': the mechanism reads DX. */
  readonly port: number | 'dx';
  readonly portSource: PortSource;
  /** Bytes per element. */
  readonly size: 1 | 2 | 4;
  readonly direction: IoDir;
  readonly string: boolean;
  /** INS/OUTS with F3 or F2; always false for IN/OUT. */
  readonly rep: boolean;
  /** The last REP-group prefix seen (0xF3, 0xF2) or 0, also when ignored (IN/OUT). */
  readonly repPrefix: 0 | 0xf2 | 0xf3;
  /** Effective operand- and address-size attributes (CS.D with 66 / 67 applied). */
  readonly operandSize: 16 | 32;
  readonly addressSize: 16 | 32;
  /** Sreg number (ES 0 ... GS 5) of the memory operand: OUTS source (override or DS), INS ES; null for IN/OUT. */
  readonly segment: number | null;
  /** Sreg number of the last segment-override prefix, or null (whether or not it applies). */
  readonly segmentOverride: number | null;
  /** Prefix bytes in order: prefixBytes[0 .. prefixCount). */
  readonly prefixCount: number;
  readonly prefixBytes: Uint8Array;
  /** The instruction bytes: bytes[0 .. length). */
  readonly bytes: Uint8Array;
  readonly eip: number;
  readonly steps: DecodeSteps;
}

/** What the VMM must inject (or, for 'not-io', reflect) instead of emulating. */
export interface IoDecodeFault {
  readonly kind: 'fault';
  /** 14 #PF, 13 #GP, 6 #UD. */
  readonly vector: 6 | 13 | 14;
  readonly errorCode: number;
  /** For #PF the faulting linear address (the guest's CR2); null otherwise. */
  readonly cr2: number | null;
  readonly reason: IoDecodeFaultReason;
  /** Bytes read before the fault: bytes[0 .. bytesRead). */
  readonly bytesRead: number;
  readonly bytes: Uint8Array;
  readonly eip: number;
  readonly steps: DecodeSteps;
}

export type IoDecodeResult = DecodedIo | IoDecodeFault;

// ---------------------------------------------------------------- tables

// BYTE_CLASS low nibble: the class (0: neither a prefix nor an I/O opcode); high nibble: the
// Sreg number for segment prefixes. I/O classes are >= C_IN_OUT_IMM.
const C_OPSIZE = 1, C_ADDRSIZE = 2, C_REP = 3, C_LOCK = 4, C_SEG = 5;
const C_IN_OUT_IMM = 8, C_IN_OUT_DX = 9, C_INS = 10, C_OUTS = 11;

function buildByteClass(): Uint8Array {
  const t = new Uint8Array(256);
  t[0x66] = C_OPSIZE;
  t[0x67] = C_ADDRSIZE;
  t[0xf2] = t[0xf3] = C_REP;
  t[0xf0] = C_LOCK;
  // segment overrides in Sreg order: 26 ES, 2E CS, 36 SS, 3E DS, 64 FS, 65 GS
  [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].forEach((b, sreg) => (t[b] = C_SEG | (sreg << 4)));
  for (let op = 0; op < 4; op++) {
    t[0xe4 + op] = C_IN_OUT_IMM;
    t[0xec + op] = C_IN_OUT_DX;
    t[0x6c + op] = op < 2 ? C_INS : C_OUTS;
  }
  return t;
}

const BYTE_CLASS = buildByteClass();

/**
 * FORM_INDEX[opcode * 4 + (16-bit operands ? 2 : 0) + (REP ? 1 : 0)] = form id, or -1 for a
 * non-I/O opcode. Invariant (checked at load): every I/O opcode's four entries are form ids.
 */
function buildFormIndex(): Int8Array {
  const t = new Int8Array(256 * 4).fill(-1);
  for (let op = 0; op < 256; op++) {
    const cls = BYTE_CLASS[op];
    if (cls < C_IN_OUT_IMM) continue;
    const string = cls === C_INS || cls === C_OUTS;
    const direction: IoDir = (op & 2) === 0 ? 'in' : 'out';
    for (let v = 0; v < 4; v++) {
      const size = (op & 1) === 0 ? 1 : (v & 2) !== 0 ? 2 : 4;
      const id = formIdOf(direction, size, string, (v & 1) !== 0, cls === C_IN_OUT_IMM ? 'imm8' : 'dx');
      if (id === null) throw new Error(`no I/O form for opcode ${op.toString(16)}`);
      t[op * 4 + v] = id;
    }
  }
  return t;
}

const FORM_INDEX = buildFormIndex();

// ---------------------------------------------------------------- result records

class DecodedIoRecord implements DecodedIo {
  readonly kind = 'io' as const;
  formId = 0;
  mnemonic = '';
  length = 0;
  port: number | 'dx' = 'dx';
  portSource: PortSource = 'dx';
  size: 1 | 2 | 4 = 1;
  direction: IoDir = 'in';
  string = false;
  rep = false;
  repPrefix: 0 | 0xf2 | 0xf3 = 0;
  operandSize: 16 | 32 = 32;
  addressSize: 16 | 32 = 32;
  segment: number | null = null;
  segmentOverride: number | null = null;
  prefixCount = 0;
  readonly prefixBytes = new Uint8Array(MAX_INSN_LENGTH);
  bytes: Uint8Array;
  eip = 0;
  readonly steps: DecodeSteps;
  constructor(bytes: Uint8Array, steps: DecodeSteps) {
    this.bytes = bytes;
    this.steps = steps;
  }
}

class IoDecodeFaultRecord implements IoDecodeFault {
  readonly kind = 'fault' as const;
  vector: 6 | 13 | 14 = 13;
  errorCode = 0;
  cr2: number | null = null;
  reason: IoDecodeFaultReason = 'not-io';
  bytesRead = 0;
  bytes: Uint8Array;
  eip = 0;
  readonly steps: DecodeSteps;
  constructor(bytes: Uint8Array, steps: DecodeSteps) {
    this.bytes = bytes;
    this.steps = steps;
  }
}

// ---------------------------------------------------------------- the decoder

/**
 * One per vCPU (or per hypervisor model). decode() throws nothing for guest-controlled input
 * and allocates nothing itself (the CPU's softwareWalk returns a small object per page walked);
 * the record it returns is overwritten by the next decode(): see detach().
 */
export class IoDecoder {
  private readonly fetcher = new GuestCodeFetcher();
  private readonly steps: DecodeSteps = emptySteps();
  private readonly io: DecodedIoRecord;
  private readonly fault: IoDecodeFaultRecord;

  /** `cache`: the VMM's code-translation cache, or null to walk the guest tables every time. */
  constructor(private readonly cache: CodeTranslationCache | null = null) {
    this.io = new DecodedIoRecord(this.fetcher.bytes, this.steps);
    this.fault = new IoDecodeFaultRecord(this.fetcher.bytes, this.steps);
  }

  /**
   * Fetch and decode the instruction at CS:`eip` (default cpu.eip, where a trapped #GP leaves
   * it) with the CPU's CPL, paging mode and segments as they are now.
   */
  decode(cpu: Cpu, eip: number = cpu.eip): IoDecodeResult {
    const f = this.fetcher;
    const s = this.steps;
    const r = this.io;
    resetSteps(s);
    f.begin(cpu, eip, s, this.cache);
    const default32 = cpu.csSize === 4;
    let k = 0;
    let opsizePrefix = false, addrsizePrefix = false, lock = false;
    let repPrefix: 0 | 0xf2 | 0xf3 = 0;
    let seg = -1;
    let b: number;
    let cls: number;
    // Prefix loop: fetch, classify (one table look-up), dispatch (one branch); after a prefix,
    // test the length limit (one branch) before the next byte.
    for (;;) {
      b = f.byte(k);
      if (b < 0) return this.fetchFault(eip, k);
      k++;
      cls = BYTE_CLASS[b];
      s.tableLookups++;
      s.branches++; // prefix dispatch
      const c = cls & 15;
      if (c === C_OPSIZE) opsizePrefix = true;
      else if (c === C_ADDRSIZE) addrsizePrefix = true;
      else if (c === C_REP) repPrefix = b as 0xf2 | 0xf3;
      else if (c === C_SEG) seg = cls >> 4;
      else if (c === C_LOCK) lock = true;
      else break;
      r.prefixBytes[s.prefixes++] = b;
      s.branches++; // length limit
      if (k === MAX_INSN_LENGTH) return this.decodeFault(eip, k, VECTOR_GP, 'too-long');
    }
    // Opcode class: one multi-way decision (not I/O / imm8 port / DX port / INS / OUTS), which
    // the tests on `cls` below implement; the imm8 is read before the LOCK test, so the length
    // limit and a fault on the imm8's page win over #UD, as in the CPU (and KVM's emulator).
    s.branches++;
    if (cls < C_IN_OUT_IMM) return this.decodeFault(eip, k, VECTOR_UD, 'not-io');
    const opcode = b;
    let port: number | 'dx' = 'dx';
    if (cls === C_IN_OUT_IMM) {
      s.branches++; // length limit before the imm8
      if (k === MAX_INSN_LENGTH) return this.decodeFault(eip, k, VECTOR_GP, 'too-long');
      const imm = f.byte(k);
      if (imm < 0) return this.fetchFault(eip, k);
      k++;
      port = imm;
    }
    s.branches++; // LOCK test
    if (lock) return this.decodeFault(eip, k, VECTOR_UD, 'lock');
    s.branches++; // operand size: byte form?
    let op16 = false;
    if ((opcode & 1) !== 0) {
      s.branches++; // word/dword: 66 against CS.D
      op16 = opsizePrefix === default32;
    }
    let rep = false;
    let segment: number | null = null;
    if (cls === C_INS || cls === C_OUTS) {
      s.branches++; // REP test
      rep = repPrefix !== 0;
      s.branches++; // address-size test
      if (cls === C_OUTS) {
        s.branches++; // segment-override test
        segment = seg >= 0 ? seg : DS;
      } else segment = ES;
    }
    s.tableLookups++; // form table
    const formId = FORM_INDEX[opcode * 4 + (op16 ? 2 : 0) + (rep ? 1 : 0)];
    const form = IO_FORMS[formId];
    r.formId = formId;
    r.mnemonic = form.mnemonic;
    r.length = k;
    r.port = port;
    r.portSource = form.portSource;
    r.size = form.size as 1 | 2 | 4;
    r.direction = form.direction;
    r.string = form.string;
    r.rep = form.rep;
    r.repPrefix = repPrefix;
    r.operandSize = (opsizePrefix === default32 ? 16 : 32);
    r.addressSize = (addrsizePrefix === default32 ? 16 : 32);
    r.segment = segment;
    r.segmentOverride = seg >= 0 ? seg : null;
    r.prefixCount = s.prefixes;
    r.eip = eip;
    return r;
  }

  private fetchFault(eip: number, k: number): IoDecodeFault {
    const f = this.fetcher;
    const pf = f.faultReason === 'page-fault';
    const r = this.decodeFault(eip, k, pf ? VECTOR_PF : VECTOR_GP, pf ? 'page-fault' : 'cs-limit');
    this.fault.errorCode = f.faultCode;
    this.fault.cr2 = pf ? f.faultAddress : null;
    return r;
  }

  private decodeFault(eip: number, bytesRead: number, vector: 6 | 13 | 14, reason: IoDecodeFaultReason): IoDecodeFault {
    const r = this.fault;
    r.vector = vector;
    r.errorCode = 0;
    r.cr2 = null;
    r.reason = reason;
    r.bytesRead = bytesRead;
    r.eip = eip;
    return r;
  }
}

/** A copy of a decode outcome that the next decode() does not overwrite. */
export function detach(r: IoDecodeResult): IoDecodeResult {
  const steps = { ...r.steps };
  const bytes = r.bytes.slice();
  if (r.kind === 'fault') return { ...r, bytes, steps };
  return { ...r, bytes, steps, prefixBytes: r.prefixBytes.slice() };
}

/** The prefix bytes of a decoded instruction as a new array (for records and tests). */
export function prefixList(d: DecodedIo): number[] {
  return Array.from(d.prefixBytes.subarray(0, d.prefixCount));
}

/** The bytes an outcome covers as a new array: the instruction, or what was read before a fault. */
export function bytesOf(r: IoDecodeResult): number[] {
  return Array.from(r.bytes.subarray(0, r.kind === 'io' ? r.length : r.bytesRead));
}
