; Run the user's own flat binary on the same machine and kernel. The machine loads the
; payload (at most USER_SIZE bytes) at USER_BASE, where the kernel maps it writable and
; executable; the driver, already at P_CPL with P_IOPL, calls USER_BASE + P_USER_ENTRY with
;   EAX = address of the paravirt ops table (call [eax + 4*op], conventions in io.inc)
;   EBX = P_USER_ARG, ECX = address of the 64-byte user area in the result block,
;   EDX = USER_BASE, ESP = the driver stack (16 KiB), DF = 0, IF = 0
; and the payload returns with RET, EAX = its result (stored in R_USER_RET). It may also end
; the run itself with INT 0x81 (EAX = error code) or idle with INT 0x82. The TSC is read
; around the call.
%define WORKLOAD_ID 'user'
%define WORKLOAD_FLAGS IMG_USER
%define DEFAULT_ITERATIONS 1
P_USER_ENTRY    equ P_WL + 0x00
P_USER_ARG      equ P_WL + 0x04
R_USER_RET      equ R_WL + 0x00
R_USER_AREA     equ R_WL + 0x10
USER_AREA_SIZE  equ 64
%define PARAMS_SIZE 0x30
%define RESULTS_SIZE (R_USER_AREA + USER_AREA_SIZE)
%include "kernel/image.inc"

section .params
    PFIELD P_USER_ENTRY, 0
    PFIELD P_USER_ARG, 0

section .text
driver_main:
    cmp dword [params + P_USER_ENTRY], USER_SIZE
    jae param_error
    RDTSC_TO results + R_TSC_START
.call:
    mov eax, pv_ops
    mov ebx, [params + P_USER_ARG]
    mov ecx, results + R_USER_AREA
    mov edx, USER_BASE
    mov esi, edx
    add esi, [params + P_USER_ENTRY]
    cld
    call esi
    mov [results + R_USER_RET], eax
    NEXT_ITERATION .call
    END_MEASURED

%include "kernel/finish.inc"
