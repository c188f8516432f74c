; ATA PIO sector read: READ SECTORS, then per sector wait for DRQ and REP INSW 256 words.
; R_CHECKSUM is the 32-bit sum of every word read (so two runs can be compared).
%define WORKLOAD_ID 'ata_read'
%include "lib/disk.inc"

section .text
driver_main:
    call ata_check_params
    test eax, eax
    jnz .ret
    call ata_init
    RDTSC_TO results + R_TSC_START
    mov ebx, [params + P_LBA]
    mov esi, [params + P_ITERATIONS]
.command:
    mov eax, CMD_READ
    mov ecx, [params + P_SECTORS]
    call ata_command
    mov edi, disk_buf
.sector:
    call ata_wait_drq
    push ecx
    mov ecx, SECTOR_WORDS
    mov edx, [params + P_ATA_BASE]      ; + ATA_DATA
    IO OP_INSW
    xor edx, edx                        ; checksum the sector
.sum:
    movzx eax, word [edi]
    add edx, eax
    add edi, 2
    loop .sum
    add [results + R_CHECKSUM], edx
    pop ecx
    inc dword [results + R_SECTORS]
    loop .sector
    call ata_wait_ready
    call ata_error_check
    add ebx, [params + P_SECTORS]
    inc dword [results + R_DONE]
    dec esi
    jnz .command
    RDTSC_TO results + R_TSC_END
    xor eax, eax
.ret:
    ret

%include "kernel/finish.inc"
