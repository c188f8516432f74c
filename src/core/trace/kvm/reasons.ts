// Reason names -> canonical reason, architectural code and ISA.
//
// How the ISA is decided from a printed name (the tables are in reason-tables.ts):
//   - kernel SVM names are lowercase (`io`, `hlt`, `DE excp`), trace-cmd plugin SVM names start
//     with `EXIT_` (`EXIT_IOIO`), kernel and plugin VMX names are uppercase (`IO_INSTRUCTION`):
//     these three sets are disjoint, so a known name fixes the ISA by itself;
//   - a lowercase name that is not an SVM name but is a VMX name once uppercased (very early
//     kernels) is VMX;
//   - names that say nothing about the ISA — the kernel's hex fallback (`0x4c`) for a number
//     missing from its table, the plugin's `UNKNOWN (123)`, or a name in no table — take the
//     caller's hint (the importer passes the ISA it last established from a known name in the
//     same trace); without a hint a number found in exactly one table picks that ISA.
// Unknown names are kept: canonical = the name uppercased (hex numbers stay as printed).
// VMX flag words after the name (`FAILED_VMENTRY`, or a hex mask) are ORed into the code.
// Results are cached per (name, hint) by ReasonResolver; a ReasonInfo is shared, never mutated.

import type { Isa } from '../exit-record';
import { SVM_REASONS, VMX_FAILED_VMENTRY, VMX_REASONS } from './reason-tables';
import type { SvmReasonRow, VmxReasonRow } from './reason-tables';

export interface ReasonInfo {
  /** The reason text as printed, flags included. */
  readonly native: string;
  readonly canonical: string;
  /** VMX basic exit reason (with flag bits) or SVM exit code; null when not known. */
  readonly code: number | null;
  readonly isa: Isa | null;
  /** True when the name alone decided the ISA (usable as per-trace evidence). */
  readonly isaFromName: boolean;
  /** SVM `msr`: the canonical reason is MSR_READ or MSR_WRITE by EXITINFO1 (0 read, 1 write). */
  readonly msrByInfo1: boolean;
}

const vmxByName = new Map<string, VmxReasonRow>();
const vmxByCode = new Map<number, VmxReasonRow>();
for (const row of VMX_REASONS) {
  vmxByCode.set(row.code, row);
  for (const name of row.names) vmxByName.set(name, row);
}
const svmByName = new Map<string, SvmReasonRow>();
const svmByCode = new Map<number, SvmReasonRow>();
for (const row of SVM_REASONS) {
  svmByCode.set(row.code, row);
  svmByName.set(row.kernel, row);
  svmByName.set(row.plugin, row);
}

function fromVmx(native: string, row: VmxReasonRow, flags: number, fromName: boolean): ReasonInfo {
  return { native, canonical: row.canonical, code: (row.code | flags) >>> 0, isa: 'vmx', isaFromName: fromName, msrByInfo1: false };
}

function fromSvm(native: string, row: SvmReasonRow, fromName: boolean): ReasonInfo {
  return { native, canonical: row.canonical, code: row.code, isa: 'svm', isaFromName: fromName, msrByInfo1: row.code === 0x07c };
}

function parseFlagWord(word: string): number {
  if (word === 'FAILED_VMENTRY') return VMX_FAILED_VMENTRY;
  if (/^0x[0-9a-fA-F]+$/.test(word)) return Number.parseInt(word.slice(2), 16);
  return 0;
}

function byNumber(native: string, code: number, hint: Isa | null): ReasonInfo {
  const vmx = vmxByCode.get(code);
  const svm = svmByCode.get(code);
  let isa = hint;
  if (isa === null && (vmx === undefined) !== (svm === undefined)) isa = vmx !== undefined ? 'vmx' : 'svm';
  if (isa === 'vmx' && vmx !== undefined) return fromVmx(native, vmx, 0, false);
  if (isa === 'svm' && svm !== undefined) return fromSvm(native, svm, false);
  return { native, canonical: native, code, isa, isaFromName: false, msrByInfo1: false };
}

/** Resolve one printed reason; `hint` is used only when the name does not fix the ISA. */
export function resolveReason(native: string, hint: Isa | null): ReasonInfo {
  const svm = svmByName.get(native);
  if (svm !== undefined) return fromSvm(native, svm, true);
  let name = native;
  let flags = 0;
  const unknown = /^UNKNOWN \((\d+)\)$/.exec(native);
  if (unknown !== null) return byNumber(native, Number(unknown[1]), hint);
  const space = native.indexOf(' ');
  if (space > 0) {
    name = native.slice(0, space);
    for (const word of native.slice(space + 1).split(' ')) flags |= parseFlagWord(word);
  }
  const vmx = vmxByName.get(name) ?? vmxByName.get(name.toUpperCase());
  if (vmx !== undefined) return fromVmx(native, vmx, flags, true);
  if (/^0x[0-9a-fA-F]+$/.test(name)) return byNumber(native, Number.parseInt(name.slice(2), 16), hint);
  return { native, canonical: native.toUpperCase(), code: null, isa: hint, isaFromName: false, msrByInfo1: false };
}

/** A cache in front of resolveReason, keyed by name and hint. One per import. */
export class ReasonResolver {
  private readonly cache = new Map<string, ReasonInfo>();

  resolve(native: string, hint: Isa | null): ReasonInfo {
    let info = this.cache.get(native);
    if (info !== undefined) return info;
    const key = `${hint ?? '-'}\u0000${native}`;
    info = this.cache.get(key);
    if (info !== undefined) return info;
    info = resolveReason(native, hint);
    this.cache.set(info.isaFromName ? native : key, info);
    return info;
  }
}
