// What one VM exit of a string PIO instruction (INS/OUTS, REP or not) does under KVM's x86
// emulator, the path KVM's handle_io (vmx) / io_interception (svm) take for every string form.
// Read from arch/x86/kvm/emulate.c and arch/x86/kvm/x86.c as of Linux 3.6-3.8 (2012, the
// kvm-2012 profile's era); the same rules hold in 2.6.34 (ctxt->restart form) and today:
//   - OUTS: em_out calls pio_out_emulated(..., count 1): one element per call. To an in-kernel
//     device kernel_pio() succeeds and x86_emulate_insn returns EMULATION_RESTART, looping in the
//     kernel until RCX & 0x3ff == 0 ("Re-enter guest ... after each 1024 iteration"), then
//     returns to the guest with RIP on the instruction. To a userspace device every element sets
//     vcpu->arch.pio.count, so x86_emulate_instruction returns to userspace (KVM_EXIT_IO,
//     count 1) after writing back RCX/RSI but not RIP past the instruction: the guest re-executes
//     the REP OUTS, a new VM exit and a new decode for every element.
//   - INS: pio_in_emulated refills a read-ahead buffer (struct read_cache, data[1024]) with
//     n = min(min(bytes to the page end from RDI (to its start when DF=1), 1024) / size, RCX)
//     elements (at least 1) in one pio_in_emulated call: one KVM_EXIT_IO of count n to a userspace
//     device (completed by complete_emulated_pio, which re-enters the emulator without decoding),
//     none to an in-kernel one. Once the buffer is used up (r->end == r->pos) the REP is left
//     with RIP on the instruction ("skip rip writeback"): the next chunk is a new exit and decode.
// So per exit: `elements` moved and `userspaceTrips` round trips. Reads and writes differ: a
// 256-word REP OUTSW to a userspace device is 256 exits and 256 trips, the REP INSW of the same
// sector one exit and one trip (when the buffer does not cross a page).
// Later kernels compute n as min3(in_page, sizeof(data) / size, count) (in_page in bytes against
// a count of elements) and copy the whole buffer at once (OP_MEM_STR); the chunks of an aligned
// buffer are the same.

/** Bytes of KVM's PIO read-ahead buffer (struct read_cache data[1024], kvm_emulate.h). */
export const KVM_READ_AHEAD_BYTES = 1024;
/** The emulator re-enters the guest when RCX & (KVM_REP_RESTART - 1) == 0 with no read-ahead. */
export const KVM_REP_RESTART = 1024;
const PAGE = 4096;

export interface StringPioExit {
  /** Elements this exit moves before the guest runs again. */
  elements: number;
  /** KVM_EXIT_IO round trips to the userspace device model during this exit. */
  userspaceTrips: number;
}

/**
 * One exit of a string PIO under KVM's emulator: `count` elements left (≥ 1: the REP count, or
 * 1 without REP), `size` bytes each, the buffer's first element at `linear` (offset in page is
 * what KVM reads from RDI), moving down when `down` (EFLAGS.DF), the device in userspace or not.
 */
export function kvmStringExit(input: boolean, count: number, size: number, linear: number, down: boolean, userspace: boolean): StringPioExit {
  if (count <= 1) return { elements: 1, userspaceTrips: userspace ? 1 : 0 };
  if (input) {
    const offset = linear & (PAGE - 1);
    const inPage = down ? offset : PAGE - offset;
    const n = Math.max(1, Math.min(Math.floor(Math.min(inPage, KVM_READ_AHEAD_BYTES) / size), count));
    return { elements: n, userspaceTrips: userspace ? 1 : 0 };
  }
  if (userspace) return { elements: 1, userspaceTrips: 1 };
  const first = count % KVM_REP_RESTART;
  return { elements: first === 0 ? KVM_REP_RESTART : first, userspaceTrips: 0 };
}
