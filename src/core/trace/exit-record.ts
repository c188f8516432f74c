// The exit record: one row per exit, the shape shared by imported KVM traces and emulated
// runs (DESIGN.md "The exit record"). Importers and the hypervisor model produce these and
// hand them to an ExitSink; only the store turns them into SQLite rows.
//
// Invariants: `seq` is unique within a trace and increases in exit order; `timeNs` is the
// time of the exit (host time for imports, guest clock for emulated runs); every field that a
// source does not know is null, never a made-up default.

import type { IoDir, PortSource } from '../cpu/io-form-table';
import type { DeviceLocation } from '../machine/device';

export type { DeviceLocation, IoDir, PortSource };
export type Isa = 'vmx' | 'svm';

export interface ExitFacts {
  seq: number;
  timeNs: number;
  vcpu: number;
  /**
   * Guest instruction pointer. 64-bit RIPs are stored sign-extended (0xffffffff8102a1c2 is
   * -0x7efd5e3e): canonical x86-64 addresses then stay below 2^47 in magnitude, so a JS number and
   * a SQLite INTEGER hold them exactly. Show them with formatAddress().
   */
  rip: number | null;
  cpl: number | null;
  insnBytes: Uint8Array | null;
  /** Canonical reason (one vocabulary for VMX and SVM), e.g. IO_INSTRUCTION, HLT, HYPERCALL. */
  reason: string;
  /** The name as the source printed it: IO_INSTRUCTION, io, EXIT_IOIO, ... */
  reasonNative: string;
  isa: Isa | null;
  /** Architectural exit code (VMX basic exit reason or SVM exit code), when known. */
  reasonCode: number | null;
  // --- port I/O decode (null for other exits) ---
  formId: number | null; // 0..23, see DESIGN.md "The 24 port-I/O forms"
  mnemonic: string | null;
  port: number | null;
  portSource: PortSource | null;
  size: number | null; // bytes per element: 1, 2, 4
  direction: IoDir | null;
  isString: boolean | null;
  isRep: boolean | null;
  count: number | null; // elements moved
  addrSize: number | null; // 16 or 32 (bits)
  segment: string | null;
  value: number | null; // first element, when known
  bufferAddr: number | null;
  device: string | null;
  deviceLocation: DeviceLocation | null;
  mechanism: string | null; // trap | vmx | svm | hypercall | batched | ring; for imports the isa
  /** What the hardware or the fault reported: exit qualification / EXITINFO1, EXITINFO2, #GP error code. */
  info1: string | null; // hex, 64-bit values kept exact
  info2: string | null;
  errorCode: number | null;
  /** Host latency of the exit (exit → next entry of the same vCPU), nanoseconds; null if never closed. */
  latencyNs: number | null;
  /** Line of the source text that held the kvm_exit (imports only). */
  line: number | null;
  /** Instruction emulation seen for this exit (kvm_emulate_insn). */
  emulated: boolean;
}

/**
 * What an emulated exit cost, per component of the cost model (DESIGN.md "Cost model"), in
 * guest cycles priced from the run's CPU profile, and the hypervisor's own decode/fetch step
 * counts the fetch and decode components were priced from. Imported exits have none (null).
 */
export interface ExitCostFields {
  costEntry: number | null;
  costDispatch: number | null;
  costFetch: number | null;
  costDecode: number | null;
  costPermission: number | null;
  costUserspace: number | null;
  costEmulate: number | null;
  costResume: number | null;
  /** Sum of the components. */
  costTotal: number | null;
  stepBytes: number | null;
  stepPrefixes: number | null;
  stepBranches: number | null;
  stepTableLookups: number | null;
  stepPageWalks: number | null;
  stepWalkLevels: number | null;
  stepTlbHits: number | null;
}

export const NO_COST: Readonly<ExitCostFields> = {
  costEntry: null, costDispatch: null, costFetch: null, costDecode: null, costPermission: null, costUserspace: null,
  costEmulate: null, costResume: null, costTotal: null, stepBytes: null, stepPrefixes: null, stepBranches: null,
  stepTableLookups: null, stepPageWalks: null, stepWalkLevels: null, stepTlbHits: null,
};

/** One exit: what happened (ExitFacts) and, for emulated runs, what it cost (ExitCostFields). */
export type ExitRecord = ExitFacts & ExitCostFields;

/** Where exits go. Implemented by the SQLite store; tests may collect into an array. */
export interface ExitSink {
  push(exit: ExitRecord): void;
  /**
   * True when push copies what it needs and keeps no reference to `exit`: the producer may then
   * hand the same object, refilled, for the next exit (no allocation per exit).
   */
  readonly transient?: boolean;
  /**
   * Optional fast path: stores `exit`, which equals the exit passed to the previous push or
   * pushRepeat in every field except seq, timeNs and value (a producer that knows this — the
   * ExitRecorder for an exit repeating the last one — calls it instead of push). Must store
   * exactly what push would.
   */
  pushRepeat?(exit: ExitRecord): void;
}
