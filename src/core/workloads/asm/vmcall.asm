; kvm-unit-tests vmexit.c "vmcall": the null hypercall (VMCALL, EAX = 0) in a loop.
%define WORKLOAD_ID 'vmcall'
%define BENCH_OP BENCH_VMCALL
%define BENCH_PORT 0
%define BENCH_WIDTH 4
%define BENCH_VALUE 0
%include "lib/exitbench.inc"
