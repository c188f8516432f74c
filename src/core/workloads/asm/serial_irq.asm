; Serial console, interrupt driven: the 8259 is programmed for the UART's IRQ, MCR.OUT2 gates
; the UART interrupt onto it, and IER.ETBEI asks for a THR-empty interrupt. Each interrupt:
; read IIR (which clears a THRE interrupt); if it says THRE, write the next bytes to THR (one
; with FIFOs off, up to 16 with P_FIFO on, as serial8250_tx_chars fills the FIFO) or, after
; the last byte, switch IER off; then EOI. The handling runs in the driver at P_CPL (see
; traps.inc).
%define WORKLOAD_ID 'serial_irq'
%define WORKLOAD_FLAGS IMG_INTERRUPTS
%include "lib/serial.inc"
%include "drivers/pic.inc"

section .text
driver_main:
    call serial_check_params
    test eax, eax
    jnz .ret
    mov eax, [params + P_UART_IRQ]
    call pic_init
    mov eax, 0x0B                       ; MCR: DTR, RTS, OUT2 (IRQ enable on the PC)
    call uart_init
    RDTSC_TO results + R_TSC_START
    mov esi, [params + P_ITERATIONS]    ; ESI = passes left, EBX = next byte, EDI = bytes left
    mov ebx, params + P_TEXT
    mov edi, [params + P_TEXT_LEN]
    mov ebp, 1                          ; EBP = bytes per THRE interrupt
    cmp dword [params + P_FIFO], 0
    je .ier
    mov ebp, FIFO_SIZE
.ier:
    mov ecx, UART_IER
    mov eax, IER_ETBEI
    call uart_out
.wait:
    mov eax, [params + P_UART_IRQ]
    call irq_wait
    mov ecx, UART_IIR
    call uart_in
    inc dword [results + R_IIR_READS]
    and eax, IIR_ID_MASK
    cmp eax, IIR_THRE
    jne .eoi
    mov edx, ebp
.byte:
    movzx eax, byte [ebx]
    mov ecx, UART_THR
    call uart_out
    inc dword [results + R_BYTES]
    inc ebx
    dec edi
    jnz .more
    inc dword [results + R_DONE]        ; a pass is done
    mov ebx, params + P_TEXT
    mov edi, [params + P_TEXT_LEN]
    dec esi
    jz .last
.more:
    dec edx
    jnz .byte
.eoi:
    mov eax, [params + P_UART_IRQ]
    call pic_eoi
    jmp .wait
.last:
    mov ecx, UART_IER                   ; last byte written: no more THRE interrupts
    xor eax, eax
    call uart_out
    mov eax, [params + P_UART_IRQ]
    call pic_eoi
.finish:
    call uart_wait_temt
    RDTSC_TO results + R_TSC_END
    call pic_mask_all
    xor eax, eax
.ret:
    ret

%include "kernel/finish.inc"
