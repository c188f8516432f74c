// Per-thread pairing state. The pairing key is the host thread (the pid column of
// tracefs/trace-cmd, the tid of perf), never the host CPU column: a vCPU thread migrates
// between host CPUs, and its kvm_exit / kvm_pio / kvm_entry always come from that one thread.
//
// Which vCPU number a thread's exits get, best first: the `vcpu N` field of the event itself,
// the last `vcpu N` field seen on that thread (kvm_entry prints it even on kernels whose kvm_exit
// does not), the QEMU thread name `CPU N/KVM`, and last a per-trace ordinal in order of first
// appearance.
//
// Invariant: a thread has at most one open exit; `open` is null or the record being filled.

import type { ExitRecord } from '../exit-record';
import { isDigit } from './cursor';
import type { CpuMode } from './insn-bytes';
import type { LinePrefix } from './line-prefix';

export interface ThreadState {
  readonly tid: number;
  /** The thread's process where the trace shows it (perf pid/tid, tracefs tgid), else -1. */
  readonly pid: number;
  /** N from a `CPU N/KVM` thread name, or -1. */
  readonly nameVcpu: number;
  readonly ordinal: number;
  /** Last `vcpu N` field seen on this thread, or -1. */
  fieldVcpu: number;
  open: ExitRecord | null;
  /** Timestamp of the open exit, exact. */
  openSec: number;
  openNsec: number;
  /** The open exit's vcpu came from its own `vcpu N` field. */
  openVcpuFromField: boolean;
  /** A kvm_userspace_exit (KVM_EXIT_IO / KVM_EXIT_MMIO) was seen for the open exit. */
  openUserspace: boolean;
  /** CPU mode printed by kvm_emulate_insn for the open exit, if any. */
  openMode: CpuMode | null;
  /** The open exit's event had a time column. */
  openHasTime: boolean;
  /** The open exit was made by an event other than kvm_exit (kvm-text-importer.ts). */
  openStandalone: boolean;
  /** The open standalone exit is a kvm_mmio unsatisfied-read waiting for its read. */
  openMmioPending: boolean;
  /** Timestamp of the thread's last timed event (0, 0 before the first). */
  lastSec: number;
  lastNsec: number;
}

/** N when comm (line[start, end)) is exactly `CPU N/KVM`, else -1. */
export function vcpuFromThreadName(line: string, start: number, end: number): number {
  if (!line.startsWith('CPU ', start)) return -1;
  let i = start + 4;
  let n = 0;
  if (!isDigit(line.charCodeAt(i))) return -1;
  while (isDigit(line.charCodeAt(i))) n = n * 10 + (line.charCodeAt(i++) - 48);
  return line.startsWith('/KVM', i) && i + 4 === end ? n : -1;
}

export class ThreadTable {
  private readonly byTid = new Map<number, ThreadState>();
  private last: ThreadState | null = null;

  /** The state of the thread of the line `p` just parsed, created on first sight. */
  get(p: LinePrefix, line: string): ThreadState {
    const tid = p.tid;
    const last = this.last;
    if (last !== null && last.tid === tid) return last;
    let t = this.byTid.get(tid);
    if (t === undefined) {
      const [commStart, commEnd] = p.commRange(line);
      t = {
        tid,
        pid: p.pid,
        nameVcpu: vcpuFromThreadName(line, commStart, commEnd),
        ordinal: this.byTid.size,
        fieldVcpu: -1,
        open: null,
        openSec: 0,
        openNsec: 0,
        openVcpuFromField: false,
        openUserspace: false,
        openMode: null,
        openHasTime: true,
        openStandalone: false,
        openMmioPending: false,
        lastSec: 0,
        lastNsec: 0,
      };
      this.byTid.set(tid, t);
    }
    this.last = t;
    return t;
  }

  /** The vCPU number for a new exit on `t` whose own field said `field` (-1: absent). */
  vcpuOf(t: ThreadState, field: number): number {
    if (field >= 0) return field;
    if (t.fieldVcpu >= 0) return t.fieldVcpu;
    if (t.nameVcpu >= 0) return t.nameVcpu;
    return t.ordinal;
  }

  /** Every thread that still has an open exit, in order of first appearance. */
  openThreads(): ThreadState[] {
    const out: ThreadState[] = [];
    for (const t of this.byTid.values()) if (t.open !== null) out.push(t);
    return out;
  }
}
