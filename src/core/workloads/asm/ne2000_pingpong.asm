; NE2000 request/response: send one frame, wait for its transmission and for the echo peer's
; answer, receive it (ei_receive) and check its payload; P_ITERATIONS round trips. Reports
; the mean, min and max round-trip time in TSC cycles and transactions per guest second.
%define WORKLOAD_ID 'ne2000_pingpong'
%define DEFAULT_ITERATIONS 100
%define DEFAULT_FRAME_LEN 60
%include "lib/net.inc"

section .bss
t_begin:        resd 1

section .text
driver_main:
    call net_setup
    test eax, eax
    jnz .ret
    mov dword [results + R_MIN_CYCLES], 0xFFFFFFFF
    RDTSC_TO results + R_TSC_START
    xor ebx, ebx
.round:
    rdtsc
    mov [t_begin], eax
    mov eax, ebx
    call net_send
    mov eax, 1
    call ne_wait_rx
    mov esi, tx_frame + 12              ; the answer carries our bytes from the EtherType on
    mov edi, ne_rx_buf + 12
    mov ecx, [params + P_FRAME_LEN]
    sub ecx, 12
    repe cmpsb
    je .same
    inc dword [results + R_MISMATCHES]
.same:
    rdtsc
    sub eax, [t_begin]
    cmp eax, [results + R_MIN_CYCLES]
    jae .notmin
    mov [results + R_MIN_CYCLES], eax
.notmin:
    cmp eax, [results + R_MAX_CYCLES]
    jbe .notmax
    mov [results + R_MAX_CYCLES], eax
.notmax:
    inc ebx
    NEXT_ITERATION .round
    END_MEASURED
.ret:
    ret

%include "kernel/finish.inc"
