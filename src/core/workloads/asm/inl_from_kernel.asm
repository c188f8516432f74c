; kvm-unit-tests vmexit.c "inl_from_kernel": read the ELCR (0x4D0, in-kernel under KVM).
; vmexit.c today does inb(0x4d0): width 1 by default.
%define WORKLOAD_ID 'inl_from_kernel'
%define BENCH_OP BENCH_IN
%define BENCH_PORT 0x4D0
%define BENCH_WIDTH 1
%define BENCH_VALUE 0
%include "lib/exitbench.inc"
