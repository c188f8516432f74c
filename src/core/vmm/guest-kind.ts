// Which guest a run models, and the guest settings that follow from it. The guests are Linux
// drivers (ne.c, ata) built as a 2007 i386 kernel (native build) and as its paravirtual build;
// under vmx/svm on a KVM-era profile the guest is a Linux KVM guest:
//   - io_delay (the port 0x80 write after each outb_p/inb_p, arch/x86/kernel/io_delay.c): a
//     Linux KVM guest skips it — arch/x86/kernel/kvm.c paravirt_ops_setup() sets
//     pv_ops.cpu.io_delay = kvm_io_delay (an empty function) when the host advertises
//     KVM_FEATURE_NOP_IO_DELAY, which KVM's CPUID leaf does (KVM_CPUID_FEATURES). The 2007 native
//     kernel under a software VMM (trap) and its paravirtual build (hypercall, batched, ring:
//     the 2007 patch's guest, whose I/O accessors keep the *_p delay) write it.
//   - a Xen or other hypervisor's guest: not read; io_delay is kept (the native default).
// A caller's explicit setting always wins; this only fills the default.
import type { Era, Mechanism } from '../cost/index';
import type { WorkloadSpec } from '../workloads/index';

export interface GuestKind {
  kind: 'linux-2007-native' | 'linux-2007-paravirt' | 'linux-kvm-guest' | 'linux-hvm-guest';
  /** The io_delay setting this guest uses (1: writes port 0x80 after each _p access). */
  ioDelay: 0 | 1;
  why: string;
}

export function guestKindOf(mechanism: Mechanism, era: Era): GuestKind {
  if (mechanism === 'vmx' || mechanism === 'svm') {
    if (era.vmm === 'kvm') return { kind: 'linux-kvm-guest', ioDelay: 0, why: 'a Linux KVM guest: KVM_FEATURE_NOP_IO_DELAY makes io_delay a no-op (arch/x86/kernel/kvm.c paravirt_ops_setup)' };
    return { kind: 'linux-hvm-guest', ioDelay: 1, why: `a Linux guest of ${era.vmm}: no io_delay feature modelled, so the native default (port 0x80 writes) is kept` };
  }
  if (mechanism === 'trap') return { kind: 'linux-2007-native', ioDelay: 1, why: 'the 2007 native i386 kernel: io_delay writes port 0x80 after each _p access (arch/x86/kernel/io_delay.c default)' };
  return { kind: 'linux-2007-paravirt', ioDelay: 1, why: 'the 2007 paravirtual build: its I/O accessors keep the _p delay writes' };
}

/** The guest-kind defaults for the workload's parameters the caller did not set. */
export function guestKindParams(spec: WorkloadSpec, kind: GuestKind, given: Readonly<Record<string, number | string>>): Record<string, number> {
  const out: Record<string, number> = {};
  if (spec.params.some((p) => p.name === 'ioDelay') && given.ioDelay === undefined) out.ioDelay = kind.ioDelay;
  return out;
}
