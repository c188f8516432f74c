// Named guest loops that profile checks can refer to ("guest": "kvm-unit-tests/vmcall"): the
// instructions a published benchmark runs per measured exit besides the exiting instruction,
// priced with the profile's guest cycle table. Published per-iteration figures include them,
// so fits subtract them and checks add them back.
//
// kvm-unit-tests x86/vmexit.c at commit 00bfeca (Dec 2012): do_test() times
//   for (i = 0; i < iterations; ++i) func();
// with rdtsc around the loop and divides by iterations. Per iteration (assumed gcc -O2 x86-64
// code, not disassembled): an indirect `call`, the test body, `ret`, `add $1,%reg`,
// `cmp iterations(%rip),%reg` (a global, reloaded each time), a taken `jcc`. Bodies:
//   vmcall():        xor eax,eax; push rbx; vmcall; pop rbx (rbx is clobbered by the asm)
//   outl_to_kernel:  outb(0x4d0, 0)  → mov $0x4d0,%edx; out %al,(%dx)
//   inl_from_kernel: inb(0x4d0)      → mov $0x4d0,%edx; xor %eax,%eax; in (%dx),%al
//   inl_from_qemu / inl_from_pmtimer: inl(0x1234 / 0xb008) → mov $port,%edx; in (%dx),%eax
//   cpuid (any year):  push rbx; cpuid; pop rbx
//   inl_from_pmtimer (2019, commit 6163f75d's vmexit.c): reads the port from the FADT once, then
//                      each time: mov pm_tmr_blk(%rip),%edx; test; jcc (not taken); in (%dx),%eax
// The exiting instruction itself is not listed: its cost is the exit.
import type { GuestInsn } from './types';

const LOOP: GuestInsn[] = [{ class: 'call' }, { class: 'ret' }, { class: 'alu' }, { class: 'alu', memory: true }, { class: 'jcc', taken: true }];

export const GUEST_LOOPS: Readonly<Record<string, readonly GuestInsn[]>> = {
  'kvm-unit-tests/vmcall': [...LOOP, { class: 'alu' }, { class: 'push' }, { class: 'pop' }],
  'kvm-unit-tests/outb-dx': [...LOOP, { class: 'mov' }],
  'kvm-unit-tests/inb-dx': [...LOOP, { class: 'mov' }, { class: 'alu' }],
  'kvm-unit-tests/inl-dx': [...LOOP, { class: 'mov' }],
  'kvm-unit-tests/cpuid': [...LOOP, { class: 'push' }, { class: 'pop' }],
  'kvm-unit-tests/inl-pmtimer-2019': [...LOOP, { class: 'mov', memory: true }, { class: 'test' }, { class: 'jcc' }],
};
