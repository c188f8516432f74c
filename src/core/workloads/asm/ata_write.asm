; ATA PIO sector write: WRITE SECTORS, then per sector wait for DRQ and REP OUTSW 256 words;
; after the last sector wait until not BSY. Each sector holds its LBA in every dword (low
; word, high word), so a read-back can check it; R_CHECKSUM sums the words written, as
; ata_read sums the words read.
%define WORKLOAD_ID 'ata_write'
%define DISK_COMMAND CMD_WRITE
%include "lib/disk.inc"

section .text
disk_sector:
    mov edi, disk_buf                   ; fill the sector with its LBA
    mov eax, edx
    mov ecx, SECTOR_WORDS / 2
    rep stosd
    movzx eax, dx                       ; checksum: 128 x (low word + high word)
    shr edx, 16
    add eax, edx
    shl eax, 7
    add [results + R_CHECKSUM], eax
    call ata_wait_drq
    mov esi, disk_buf
    mov ecx, SECTOR_WORDS
    mov edx, [params + P_ATA_BASE]      ; + ATA_DATA
    IO OP_OUTSW
    ret

%include "kernel/finish.inc"
