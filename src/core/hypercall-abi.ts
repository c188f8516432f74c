// The hypercall ABI between a paravirtual guest and the hypervisor model: hypercall numbers
// (EAX at VMCALL), error returns, the batch entry size and the shared ring's layout. The mirror
// of asm/kernel/abi.inc's hypercall part (tests/core/workloads/abi.test.ts checks they agree).
// It sits below both the machine (whose paravirtual backend serves it) and the workloads
// (whose guests issue it), so neither imports the other for it. docs/guest-abi.md explains it.

/** Hypercall numbers (EAX at VMCALL). */
export const HC = { NOP: 0, IN: 1, OUT: 2, INS: 3, OUTS: 4, OUT_BATCH: 5, RING_KICK: 6 } as const;
/** -KVM_EPERM: a VMCALL from CPL > 0 is refused (KVM's kvm_emulate_hypercall, Xen HVM). */
export const HC_EPERM = -1;
/** -KVM_EINVAL: a bad hypercall number or argument. */
export const HC_EINVAL = -22;
export const BATCH_ENTRY_BYTES = 8;

/** The shared ring (P_RING = 1): header fields, descriptor layout (asm/kernel/abi.inc). */
export const RING = { avail: 0x00, used: 0x04, descs: 0x10, entries: 64, descBytes: 16 } as const;
export const RD = { port: 0x00, size: 0x02, op: 0x03, value: 0x04, count: 0x08, buffer: 0x0c } as const;
export const RING_BYTES = RING.descs + RING.entries * RING.descBytes;
