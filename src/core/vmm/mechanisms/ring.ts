// The ring mechanism (virtio-style shared ring, ioeventfd/event-channel-like doorbell): the
// paravirtual build with `ring = 1`, so the guest's paravirt ops post port operations as
// descriptors in a ring in guest memory and ring one doorbell (HC_RING_KICK) per batch: writes
// are only posted; a read, a string op, a full ring, an idle, the end of the run or a measured
// window's RDTSC rings it (docs/guest-abi.md §6). The backend (machine/paravirt-ring.ts) walks the
// guest page tables to read the descriptors and performs them in order; vmcall-exit.ts records
// the kick as ONE exit whose ops are every descriptor of the batch, priced as `ring` with the
// hypercall doorbell path (entry/dispatch/resume.hypercall + ring.op per descriptor). Other
// VMCALLs (io_forms' own per-instruction hypercalls, the null hypercall) stay hypercall exits.
import type { MechanismModel } from './context';
import { vmcallExit } from './vmcall-exit';

export const ringMechanism: MechanismModel = {
  build: 'pv',
  requiredParams: (spec): Record<string, number> => (spec.params.some((p) => p.name === 'ring') ? { ring: 1 } : {}),
  hooks: (ctx) => ({ vmcall: (cpu) => vmcallExit(ctx, cpu, null) }),
};
