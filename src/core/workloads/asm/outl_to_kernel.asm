; kvm-unit-tests vmexit.c "outl_to_kernel": write the ELCR (0x4D0, an in-kernel device
; under KVM). vmexit.c today does outb(0, 0x4d0): width 1, value 0 by default.
%define WORKLOAD_ID 'outl_to_kernel'
%define BENCH_OP BENCH_OUT
%define BENCH_PORT 0x4D0
%define BENCH_WIDTH 1
%define BENCH_VALUE 0
%include "lib/exitbench.inc"
