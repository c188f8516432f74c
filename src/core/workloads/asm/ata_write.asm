; ATA PIO sector write: WRITE SECTORS, then per sector wait for DRQ and REP OUTSW 256 words;
; after the last sector wait until not BSY. Each sector holds its LBA in every word pair
; (low word, high word), so a read-back can check it; R_CHECKSUM sums the words written.
%define WORKLOAD_ID 'ata_write'
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
    mov eax, CMD_WRITE
    mov ecx, [params + P_SECTORS]
    call ata_command
    mov edx, ebx                        ; EDX = LBA of the sector being written
.sector:
    push ecx
    push edx
    mov edi, disk_buf                   ; fill one sector with its LBA
    mov eax, edx
    mov ecx, 128
    rep stosd
    mov ecx, edx
    shr ecx, 16
    add dx, cx
    movzx edx, dx
    shl edx, 8                          ; 256 words: 128 x (low + high)
    add [results + R_CHECKSUM], edx
    call ata_wait_drq
    mov esi, disk_buf
    mov ecx, SECTOR_WORDS
    mov edx, [params + P_ATA_BASE]      ; + ATA_DATA
    IO OP_OUTSW
    pop edx
    pop ecx
    inc edx
    inc dword [results + R_SECTORS]
    loop .sector
    call ata_wait_ready
    call ata_error_check
    add ebx, [params + P_SECTORS]
    inc dword [results + R_DONE]
    mov esi, [params + P_ITERATIONS]
    sub esi, [results + R_DONE]
    jnz .command
    RDTSC_TO results + R_TSC_END
    xor eax, eax
.ret:
    ret

%include "kernel/finish.inc"
