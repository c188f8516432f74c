; NE2000 receive: the echo peer answers every frame, so the driver sends P_WINDOW solicit
; frames back to back, then waits until ei_receive (run from ne_service) has taken the
; P_WINDOW answers from the receive ring, until P_ITERATIONS frames have been received. The
; window must fit the receive ring: P_WINDOW * pages per frame <= 52.
%define WORKLOAD_ID 'ne2000_rx'
%define DEFAULT_ITERATIONS 100
%define DEFAULT_FRAME_LEN 1514
%include "lib/net.inc"

section .text
driver_main:
    mov ecx, [params + P_FRAME_LEN]     ; pages per stored frame = (len + 4 + 255) / 256
    add ecx, 4 + 255
    shr ecx, 8
    mov eax, [params + P_WINDOW]
    test eax, eax
    jz param_error
    cmp eax, RX_RING_PAGES
    ja param_error
    imul eax, ecx
    cmp eax, RX_RING_PAGES
    ja param_error
    call net_setup
    test eax, eax
    jnz .ret
    RDTSC_TO results + R_TSC_START
    xor ebx, ebx                        ; sequence number
.burst:
    mov edi, [params + P_WINDOW]        ; frames still to be answered in this burst
    mov esi, edi
.send:
    mov eax, ebx
    call net_send
    inc ebx
    dec esi
    jnz .send
    mov eax, edi
    call ne_wait_rx
    add [results + R_DONE], eax
    mov eax, [results + R_DONE]
    cmp eax, [params + P_ITERATIONS]
    jb .burst
    END_MEASURED
.ret:
    ret

%include "kernel/finish.inc"
