; PCI bus scan with configuration mechanism #1, as a BIOS or pci_direct_probe does: for each
; bus < P_BUSES, device 0-31, function 0 (and 1-7 when function 0's header type has the
; multi-function bit): write CONFIG_ADDRESS (0xCF8, dword) and read CONFIG_DATA (0xCFC,
; dword) for the vendor/device ID; for a present function also read class/revision (0x08)
; and, for function 0, the header type (0x0C). Up to 32 functions are recorded. P_ITERATIONS
; repeats the whole scan (the record is rebuilt each time).
%define WORKLOAD_ID 'pci_scan'
%define WORKLOAD_FLAGS 0
%define DEFAULT_ITERATIONS 1
P_BUSES         equ P_WL + 0x00
P_CFG_ADDR      equ P_WL + 0x04
P_CFG_DATA      equ P_WL + 0x08
R_FOUND         equ R_WL + 0x00
R_CONFIG_READS  equ R_WL + 0x04
R_FUNCS         equ R_WL + 0x08         ; 32 x { u32 address (bus<<16 | dev<<11 | fn<<8), u32 id, u32 class_rev }
MAX_FUNCS       equ 32
%define PARAMS_SIZE 0x30
%define RESULTS_SIZE (R_FUNCS + MAX_FUNCS * 12)
%include "kernel/image.inc"

section .params
    PFIELD P_BUSES, 1
    PFIELD P_CFG_ADDR, 0xCF8
    PFIELD P_CFG_DATA, 0xCFC

section .text
; pci_read: EAX = bus/dev/fn/register address (without the enable bit) -> EAX = dword.
pci_read:
    push edx
    or eax, 0x80000000
    mov edx, [params + P_CFG_ADDR]
    IO OP_OUTL
    mov edx, [params + P_CFG_DATA]
    IO OP_INL
    inc dword [results + R_CONFIG_READS]
    pop edx
    ret

driver_main:
    mov eax, [params + P_BUSES]
    test eax, eax
    jz param_error
    cmp eax, 256
    ja param_error
    cmp dword [params + P_CFG_ADDR], 0xFFFC
    ja param_error
    cmp dword [params + P_CFG_DATA], 0xFFFC
    ja param_error
    RDTSC_TO results + R_TSC_START
.scan:
    mov dword [results + R_FOUND], 0
    xor ebx, ebx                        ; EBX = bus << 16 | dev << 11 | fn << 8
.function:
    mov eax, ebx
    call pci_read
    cmp ax, 0xFFFF
    je .absent
    mov ecx, [results + R_FOUND]
    cmp ecx, MAX_FUNCS
    jae .counted
    lea edi, [ecx * 3]
    lea edi, [results + R_FUNCS + edi * 4]
    mov [edi], ebx
    mov [edi + 4], eax
    lea eax, [ebx + 0x08]
    call pci_read
    mov [edi + 8], eax
.counted:
    inc dword [results + R_FOUND]
    test ebx, 0x700
    jnz .next_fn
    lea eax, [ebx + 0x0C]               ; function 0: multi-function?
    call pci_read
    test eax, 0x00800000
    jz .next_dev
.next_fn:
    add ebx, 0x100
    test ebx, 0x700
    jnz .function                       ; functions 1-7
    jmp .after_dev
.absent:
    test ebx, 0x700
    jnz .next_fn                        ; a missing function 1-7: try the next one
.next_dev:
    and ebx, ~0x700
    add ebx, 0x800
.after_dev:
    mov eax, ebx
    shr eax, 16
    cmp eax, [params + P_BUSES]
    jb .function
    NEXT_ITERATION .scan
    END_MEASURED

%include "kernel/finish.inc"
