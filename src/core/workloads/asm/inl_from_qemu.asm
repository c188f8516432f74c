; kvm-unit-tests vmexit.c "inl_from_qemu": inl(0x1234), an unassigned port that KVM sends
; to the userspace device model (it reads as all ones).
%define WORKLOAD_ID 'inl_from_qemu'
%define BENCH_OP BENCH_IN
%define BENCH_PORT 0x1234
%define BENCH_WIDTH 4
%define BENCH_VALUE 0
%include "lib/exitbench.inc"
