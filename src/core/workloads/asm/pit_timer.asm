; Timer programming with tick interrupts: program the 8259 pair (IRQ 0 unmasked), the 8254
; channel 0 as a rate generator (mode 2, lobyte/hibyte) with divisor P_PIT_DIVISOR, then take
; P_ITERATIONS tick interrupts, each acknowledged with an EOI to the master PIC, idling with
; STI; HLT in between. Finally the timer is put back in mode 0 and IRQ 0 masked.
; Results: ticks (R_DONE), cycles per tick, and the tick rate in guest time.
%define WORKLOAD_ID 'pit_timer'
%define WORKLOAD_FLAGS IMG_INTERRUPTS
%define DEFAULT_ITERATIONS 100
P_PIT_DIVISOR   equ P_WL + 0x00
R_FIRST_TICK    equ R_WL + 0x00         ; u64 TSC at the first tick
PIT_CH0         equ 0x40
PIT_MODE        equ 0x43
%define PARAMS_SIZE 0x30
%define RESULTS_SIZE 0x50
%include "kernel/image.inc"
%include "drivers/pic.inc"

section .params
    PFIELD P_PIT_DIVISOR, 1193          ; 1.193182 MHz / 1193 = 1000.15 Hz

section .text
driver_main:
    mov eax, [params + P_PIT_DIVISOR]
    cmp eax, 2
    jb param_error
    cmp eax, 0xFFFF
    ja param_error
    xor eax, eax
    call pic_init
    OUTB PIT_MODE, 0x34                 ; channel 0, lobyte/hibyte, mode 2
    movzx eax, byte [params + P_PIT_DIVISOR]
    OUTB PIT_CH0, eax
    movzx eax, byte [params + P_PIT_DIVISOR + 1]
    OUTB PIT_CH0, eax
    RDTSC_TO results + R_TSC_START
.tick:
    xor eax, eax
    call irq_wait
    cmp dword [results + R_DONE], 0
    jne .eoi
    RDTSC_TO results + R_FIRST_TICK
.eoi:
    xor eax, eax
    call pic_eoi
    NEXT_ITERATION .tick
    RDTSC_TO results + R_TSC_END
    OUTB PIT_MODE, 0x30                 ; channel 0 back to mode 0 (one-shot, stops ticking)
    call pic_mask_all
    xor eax, eax
    ret

%include "kernel/finish.inc"
