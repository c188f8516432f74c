; Serial console, polled, as the Linux 8250 console writes: for each byte poll LSR until THRE,
; then write THR; at the end poll LSR until TEMT (both empty). The text is written
; P_ITERATIONS times; the RDTSC window covers all of it.
%define WORKLOAD_ID 'serial_polled'
%define WORKLOAD_FLAGS 0
%include "lib/serial.inc"

section .text
driver_main:
    call serial_check_params
    test eax, eax
    jnz .ret
    mov eax, 0x03                       ; MCR: DTR, RTS
    call uart_init
    RDTSC_TO results + R_TSC_START
    mov esi, [params + P_ITERATIONS]
.again:
    mov ebx, params + P_TEXT
    mov edi, [params + P_TEXT_LEN]
.byte:
    mov edx, [params + P_UART_BASE]
    add edx, UART_LSR
    POLL_INB LSR_THRE, LSR_THRE, results + R_LSR_READS
    mov edx, [params + P_UART_BASE]     ; + UART_THR
    movzx eax, byte [ebx]
    IO OP_OUTB
    inc dword [results + R_BYTES]
    inc ebx
    dec edi
    jnz .byte
    inc dword [results + R_DONE]
    dec esi
    jnz .again
    call uart_wait_temt
    END_MEASURED
.ret:
    ret

%include "kernel/finish.inc"
