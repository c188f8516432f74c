// Filling one ExitRecord from the events of one exit: the kvm_exit itself, the hardware's
// I/O exit info, kvm_pio, kvm_emulate_insn, and the close (kvm_entry or end of trace).
//
// Precedence for port-I/O fields: the hardware decode (exit qualification / EXITINFO1) wins;
// kvm_pio fills what it left null and adds the element count and the value; the emulated
// instruction bytes fill what is still null (imm8/DX on SVM, address size, segment). A source
// that contradicts an earlier one on port or direction is ignored as belonging to another
// operation. formId, mnemonic and device are derived at the close, from the merged fields.
// deviceLocation: 'userspace' when a KVM_EXIT_IO / KVM_EXIT_MMIO userspace exit was seen for the
// exit (restart/error returns do not count); 'kernel' for a port-I/O exit re-entered without
// one in a trace known to record kvm_userspace_exit; null (unknown) otherwise: non-I/O exits,
// exits still open when the trace ended, and every exit of a trace without kvm_userspace_exit.
// An exit counts as port I/O when its reason is IO_INSTRUCTION or it carried a kvm_pio (the
// real-mode EXCEPTION_NMI + emulation path does port I/O under another reason).

import { NO_COST } from '../exit-record';
import type { ExitRecord } from '../exit-record';
import { deviceForPort } from '../port-names';
import { formIdOf, IO_FORMS } from '../../cpu/io-form-table';
import type { IoDecode } from './io-decode';
import type { IoInsn } from './insn-bytes';
import type { PioFields } from './payloads';
import type { ReasonInfo } from './reasons';
import { CANONICAL } from './reason-tables';

export function newExitRecord(seq: number, timeNs: number, vcpu: number, line: number, reason: ReasonInfo, canonical: string): ExitRecord {
  return {
    seq,
    timeNs,
    vcpu,
    rip: null,
    cpl: null,
    insnBytes: null,
    reason: canonical,
    reasonNative: reason.native,
    isa: reason.isa,
    reasonCode: reason.code,
    formId: null,
    mnemonic: null,
    port: null,
    portSource: null,
    size: null,
    direction: null,
    isString: null,
    isRep: null,
    count: null,
    addrSize: null,
    segment: null,
    value: null,
    bufferAddr: null,
    device: null,
    deviceLocation: null,
    mechanism: reason.isa,
    info1: null,
    info2: null,
    errorCode: null,
    latencyNs: null,
    line,
    emulated: false,
    ...NO_COST,
  };
}

export function applyIoDecode(rec: ExitRecord, d: IoDecode): void {
  rec.port = d.port;
  rec.size = d.size;
  rec.direction = d.direction;
  rec.isString = d.string;
  rec.isRep = d.string ? d.rep : false;
  rec.portSource = d.portSource;
  rec.addrSize = d.addrSize;
  if (!d.string) rec.count = 1;
  else if (d.direction === 'in') rec.segment = 'es';
}

/** Merge a kvm_pio; returns false when it contradicts what the exit already says. */
export function applyPio(rec: ExitRecord, pio: PioFields): boolean {
  const direction = pio.isIn ? 'in' : 'out';
  if (rec.port !== null && (rec.port !== pio.port || rec.direction !== direction)) return false;
  if (rec.port === null) {
    rec.port = pio.port;
    rec.direction = direction;
  }
  if (rec.size === null && (pio.size === 1 || pio.size === 2 || pio.size === 4)) rec.size = pio.size;
  if (rec.count === null || (rec.isString === true && pio.count > rec.count)) rec.count = pio.count;
  if (rec.isString === null && pio.count > 1) {
    // Only a REP string instruction moves more than one element.
    rec.isString = true;
    rec.isRep = true;
  }
  if (rec.value === null && pio.hasValue) rec.value = pio.value;
  return true;
}

/** Merge the I/O instruction decoded from kvm_emulate_insn bytes. */
export function applyIoInsn(rec: ExitRecord, insn: IoInsn): void {
  if (rec.direction !== null && rec.direction !== insn.direction) return;
  if (rec.size !== null && rec.size !== insn.size) return;
  rec.direction = insn.direction;
  rec.size = insn.size;
  if (rec.isString === null) rec.isString = insn.string;
  if (rec.isRep === null) rec.isRep = insn.rep;
  if (rec.portSource === null) rec.portSource = insn.portSource;
  if (insn.string) {
    if (rec.addrSize === null) rec.addrSize = insn.addrSize;
    if (rec.segment === null) rec.segment = insn.segment;
  }
  if (rec.count === null && !insn.string) rec.count = 1;
}

/**
 * Complete the record when its exit closes; `entered`: a kvm_entry closed it; `userspace`: a
 * KVM_EXIT_IO/MMIO userspace exit was seen for it; `userspaceRecorded`: the trace is known to
 * record kvm_userspace_exit (without it, the absence of one says nothing: location unknown).
 */
export function closeExit(rec: ExitRecord, entered: boolean, userspace: boolean, userspaceRecorded: boolean): void {
  if (userspace) rec.deviceLocation = 'userspace';
  else if (entered && userspaceRecorded && isIoExit(rec)) rec.deviceLocation = 'kernel';
  if (rec.port !== null) rec.device = deviceForPort(rec.port);
  if (rec.direction !== null && rec.size !== null && rec.isString !== null) {
    const id = formIdOf(rec.direction, rec.size, rec.isString, rec.isRep, rec.portSource);
    if (id !== null) {
      rec.formId = id;
      rec.mnemonic = IO_FORMS[id].mnemonic;
    }
  }
}

/** An exit is a port-I/O exit when its reason says so or it carried a port access. */
export function isIoExit(rec: ExitRecord): boolean {
  return rec.port !== null || rec.reason === CANONICAL.IO;
}
