; kvm-unit-tests vmexit.c "inl_from_pmtimer": inl(PM_TMR_BLK), the ACPI PM timer
; (userspace under KVM); 0xB008 as QEMU's PIIX4 places it.
%define WORKLOAD_ID 'inl_from_pmtimer'
%define BENCH_OP BENCH_IN
%define BENCH_PORT 0xB008
%define BENCH_WIDTH 4
%define BENCH_VALUE 0
%include "lib/exitbench.inc"
