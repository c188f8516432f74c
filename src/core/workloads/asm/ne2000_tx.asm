; NE2000 transmit: P_ITERATIONS frames of P_FRAME_LEN bytes, each sent as Linux's
; ne_start_xmit path does and waited for (PTX) before the next. Throughput is frames per
; guest second over the RDTSC window.
%define WORKLOAD_ID 'ne2000_tx'
%define DEFAULT_ITERATIONS 100
%define DEFAULT_FRAME_LEN 1514
%include "lib/net.inc"

section .text
driver_main:
    call net_setup
    test eax, eax
    jnz .ret
    RDTSC_TO results + R_TSC_START
    xor ebx, ebx
.frame:
    mov eax, ebx
    call net_send
    inc ebx
    NEXT_ITERATION .frame
    END_MEASURED
.ret:
    ret

%include "kernel/finish.inc"
