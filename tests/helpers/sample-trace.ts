// A small raw tracefs trace (5-character irq-flags column, QEMU vCPU thread names with
// spaces), written from the kernel's TP_printk formats in arch/x86/kvm/trace.h. Its contents
// are counted by hand in EXPECTED so tests never derive expectations from the importer.
export const SAMPLE_TRACEFS = [
  '# tracer: nop',
  '#',
  '#                                _-----=> irqs-off/BH-disabled',
  '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION',
  '#              | |         |   |||||     |         |',
  // vCPU 0: OUT to COM1, userspace device model, 9 µs
  ' CPU 0/KVM-4321    [002] d.... 1000.000100: kvm_exit: vcpu 0 reason IO_INSTRUCTION rip 0xffffffff8102a1c2 info1 0x0000000003f80000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
  ' CPU 0/KVM-4321    [002] d.... 1000.000101: kvm_pio: pio_write at 0x3f8 size 1 count 1 val 0x41 ',
  ' CPU 0/KVM-4321    [002] ..... 1000.000102: kvm_userspace_exit: reason KVM_EXIT_IO (2)',
  ' CPU 0/KVM-4321    [002] d.... 1000.000109: kvm_entry: vcpu 0, rip 0xffffffff8102a1c3',
  // vCPU 1: IN from the keyboard status port 0x64 (DX), in-kernel, 2 µs
  ' CPU 1/KVM-4322    [003] d.... 1000.000200: kvm_exit: vcpu 1 reason IO_INSTRUCTION rip 0xffffffff81500000 info1 0x0000000000640008 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
  ' CPU 1/KVM-4322    [003] d.... 1000.000201: kvm_pio: pio_read at 0x64 size 1 count 1 val 0x1c ',
  ' CPU 1/KVM-4322    [003] d.... 1000.000202: kvm_entry: vcpu 1, rip 0xffffffff81500001',
  // vCPU 0: HLT, 500 µs
  ' CPU 0/KVM-4321    [002] d.... 1000.000300: kvm_exit: vcpu 0 reason HLT rip 0xffffffff81001234 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
  '          <idle>-0       [002] d.... 1000.000400: sched_switch: prev_comm=swapper/2 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=CPU 0/KVM next_pid=4321 next_prio=120',
  ' CPU 0/KVM-4321    [002] d.... 1000.000800: kvm_entry: vcpu 0, rip 0xffffffff81001235',
  // vCPU 1: OUT to COM1 again, userspace, 13 µs
  ' CPU 1/KVM-4322    [003] d.... 1000.000900: kvm_exit: vcpu 1 reason IO_INSTRUCTION rip 0xffffffff8102a1c2 info1 0x0000000003f80000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
  ' CPU 1/KVM-4322    [003] d.... 1000.000901: kvm_pio: pio_write at 0x3f8 size 1 count 1 val 0x42 ',
  ' CPU 1/KVM-4322    [003] ..... 1000.000902: kvm_userspace_exit: reason KVM_EXIT_IO (2)',
  ' CPU 1/KVM-4322    [003] d.... 1000.000913: kvm_entry: vcpu 1, rip 0xffffffff8102a1c3',
  // vCPU 0: external interrupt, 3 µs
  ' CPU 0/KVM-4321    [002] d.... 1000.001000: kvm_exit: vcpu 0 reason EXTERNAL_INTERRUPT rip 0xffffffff81001300 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x800000ec error_code 0x00000000',
  ' CPU 0/KVM-4321    [002] d.... 1000.001003: kvm_entry: vcpu 0, rip 0xffffffff81001300',
].join('\n') + '\n';

/** Hand-counted from SAMPLE_TRACEFS. */
export const EXPECTED = {
  exits: 5,
  ioExits: 3,
  vcpus: 2,
  reasons: { IO_INSTRUCTION: 3, HLT: 1, EXTERNAL_INTERRUPT: 1 },
  ioLatenciesNs: [9000, 2000, 13000],
  userspaceExits: 2,
  ports: [
    { port: 0x3f8, direction: 'out', size: 1, count: 2, userspace: 2, device: 'COM1' },
    { port: 0x64, direction: 'in', size: 1, count: 1, userspace: 0, device: 'i8042 status/command (keyboard)' },
  ],
  slowestNs: 500000,
  firstTimeNs: 1000_000_100_000,
} as const;
