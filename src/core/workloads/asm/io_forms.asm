; The "all 24 forms" exerciser: every port-I/O instruction form (IN/OUT x imm8/DX x 8/16/32,
; INS/OUTS x 8/16/32 x REP/no REP) and the prefix variants that change how a hypervisor must
; decode them (66 operand size, 67 address size, segment overrides on OUTS, F2/F3 repeat,
; a redundant 66), all against the debug console port 0xE9 (reads return 0xE9).
; P_ITERATIONS passes; P_REP_COUNT elements per REP form. The native build runs the
; instructions themselves, so this is the one workload with I/O instructions outside the ops
; slots: its body lives in the build-specific region too (io_forms_pass). The paravirtual
; build makes the same accesses with one hypercall per instruction (the hypercall carries no
; form: imm8 and DX, REP and no REP, prefixes all become port + size + count).
; Results: instructions (or hypercalls) issued, elements moved, sum of the values read by IN.
%define WORKLOAD_ID 'io_forms'
%define WORKLOAD_FLAGS 0
%define DEFAULT_ITERATIONS 1
%define VARIANT_SIZE 0x1000
P_REP_COUNT     equ P_WL + 0x00
R_INSNS         equ R_WL + 0x00
R_ELEMENTS      equ R_WL + 0x04
R_CHECKSUM      equ R_WL + 0x08
IOF_PORT        equ 0xE9
IOF_VALUE       equ 0x21436587
REP_MAX         equ 16
%define PARAMS_SIZE 0x30
%define RESULTS_SIZE 0x50
%include "kernel/image.inc"

section .params
    PFIELD P_REP_COUNT, 4

section .data
align 4
io_out_buf:
%assign i 0
%rep REP_MAX * 4
    db 0x41 + (i % 26)
%assign i i + 1
%endrep

section .bss
alignb 4
io_in_buf:      resb REP_MAX * 4

section .text
driver_main:
    mov eax, [params + P_REP_COUNT]
    test eax, eax
    jz param_error
    cmp eax, REP_MAX
    ja param_error
    RDTSC_TO results + R_TSC_START
.pass:
    call io_forms_pass
    NEXT_ITERATION .pass
    END_MEASURED

; ---- one form: native instruction or the equivalent hypercall ---------------------------------
; IOF_IN size, {instruction}: an input of one element (EAX zeroed first, value added to the sum)
%macro IOF_IN 2
    xor eax, eax
%ifdef PARAVIRT
    mov ebx, IOF_PORT
    mov ecx, %1
    mov eax, HC_IN
    vmcall
%else
    mov edx, IOF_PORT
    %2
%if %1 = 1
    movzx eax, al
%elif %1 = 2
    movzx eax, ax
%endif
%endif
    add [results + R_CHECKSUM], eax
    inc dword [results + R_INSNS]
    inc dword [results + R_ELEMENTS]
%endmacro
; IOF_OUT size, {instruction}
%macro IOF_OUT 2
%ifdef PARAVIRT
    mov ebx, IOF_PORT
    mov ecx, %1
%if %1 = 1
    mov edx, IOF_VALUE & 0xFF
%elif %1 = 2
    mov edx, IOF_VALUE & 0xFFFF
%else
    mov edx, IOF_VALUE
%endif
    mov eax, HC_OUT
    vmcall
%else
    mov eax, IOF_VALUE
    mov edx, IOF_PORT
    %2
%endif
    inc dword [results + R_INSNS]
    inc dword [results + R_ELEMENTS]
%endmacro
; IOF_STR hypercall (HC_INS/HC_OUTS), size, rep (0/1), buffer, {instruction}
; REP forms move P_REP_COUNT elements; the others one. ESI/EDI = buffer (SI/DI for 67).
%macro IOF_STR 5
%if %3
    mov ecx, [params + P_REP_COUNT]
%else
    mov ecx, 1
%endif
    mov esi, %4
    mov edi, %4
    add [results + R_ELEMENTS], ecx
%ifdef PARAVIRT
    mov ebx, IOF_PORT
    mov edx, %2
    mov eax, %1
    vmcall
%else
    mov edx, IOF_PORT
    %5
%endif
    inc dword [results + R_INSNS]
%endmacro

%macro VARIANT_CODE 0
io_forms_pass:
    ; IN and OUT, port in imm8 (E4-E7) and in DX (EC-EF), 8/16/32 bits: 12 forms
    IOF_IN 1, {in al, IOF_PORT}
    IOF_IN 2, {in ax, IOF_PORT}
    IOF_IN 4, {in eax, IOF_PORT}
    IOF_OUT 1, {out IOF_PORT, al}
    IOF_OUT 2, {out IOF_PORT, ax}
    IOF_OUT 4, {out IOF_PORT, eax}
    IOF_IN 1, {in al, dx}
    IOF_IN 2, {in ax, dx}
    IOF_IN 4, {in eax, dx}
    IOF_OUT 1, {out dx, al}
    IOF_OUT 2, {out dx, ax}
    IOF_OUT 4, {out dx, eax}
    ; INS and OUTS (6C-6F), 8/16/32 bits, without and with REP: 12 forms
    IOF_STR HC_INS, 1, 0, io_in_buf, {insb}
    IOF_STR HC_INS, 2, 0, io_in_buf, {insw}
    IOF_STR HC_INS, 4, 0, io_in_buf, {insd}
    IOF_STR HC_INS, 1, 1, io_in_buf, {rep insb}
    IOF_STR HC_INS, 2, 1, io_in_buf, {rep insw}
    IOF_STR HC_INS, 4, 1, io_in_buf, {rep insd}
    IOF_STR HC_OUTS, 1, 0, io_out_buf, {outsb}
    IOF_STR HC_OUTS, 2, 0, io_out_buf, {outsw}
    IOF_STR HC_OUTS, 4, 0, io_out_buf, {outsd}
    IOF_STR HC_OUTS, 1, 1, io_out_buf, {rep outsb}
    IOF_STR HC_OUTS, 2, 1, io_out_buf, {rep outsw}
    IOF_STR HC_OUTS, 4, 1, io_out_buf, {rep outsd}
    ; prefix variants
    IOF_STR HC_OUTS, 1, 1, LOW_SCRATCH, {a16 rep outsb}         ; F3 67: SI and CX
    IOF_STR HC_INS, 2, 0, LOW_SCRATCH, {a16 insw}               ; 66 67: DI
    IOF_STR HC_OUTS, 1, 0, io_out_buf, {es outsb}               ; 26
    IOF_STR HC_OUTS, 1, 0, io_out_buf, {cs outsb}               ; 2E
    IOF_STR HC_OUTS, 4, 0, io_out_buf, {ss outsd}               ; 36
    IOF_STR HC_OUTS, 2, 0, io_out_buf, {fs outsw}               ; 64 66
    IOF_STR HC_OUTS, 1, 1, io_out_buf, {gs rep outsb}           ; F3 65
    IOF_STR HC_OUTS, 1, 1, io_out_buf, {repne outsb}            ; F2 on OUTS repeats too
    IOF_STR HC_INS, 1, 1, io_in_buf, {repne insb}               ; F2 on INS
    IOF_STR HC_OUTS, 2, 1, LOW_SCRATCH, {db 0x66, 0x67, 0xF3, 0x26, 0x6F}  ; o16 a16 rep es outsw
    IOF_IN 1, {db 0x66, 0xEC}                                   ; redundant 66 on in al, dx
    ret
%endmacro

%include "kernel/finish.inc"
