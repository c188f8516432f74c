; rep-bulk: the original bench:cpu REP loop — rep movsd (256), rep stosd (256) and repe cmpsb
; (1024) per iteration. Built with nasm -DITER=n.
bits 32
org 0x1000
  mov edx, ITER
  cld
.loop:
  mov esi, 0x200000
  mov edi, 0x300000
  mov ecx, 256
  rep movsd
  mov edi, 0x400000
  mov ecx, 256
  rep stosd
  mov esi, 0x200000
  mov edi, 0x300000
  mov ecx, 1024
  repe cmpsb
  dec edx
  jnz near .loop
  hlt
