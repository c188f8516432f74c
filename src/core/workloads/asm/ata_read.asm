; ATA PIO sector read: READ SECTORS, then per sector wait for DRQ and REP INSW 256 words.
; R_CHECKSUM is the 32-bit sum of every word read (so two runs can be compared).
%define WORKLOAD_ID 'ata_read'
%define DISK_COMMAND CMD_READ
%include "lib/disk.inc"

section .text
disk_sector:
    call ata_wait_drq
    mov edi, disk_buf
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
    ret

%include "kernel/finish.inc"
