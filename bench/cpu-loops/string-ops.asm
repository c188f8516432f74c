; string-ops: the short string operations of C library code — rep movsd and rep stosd of 16
; dwords, a LODSB/LOOP byte scan, MOVSB, STOSW, rep movsb of 24 bytes, repne scasb.
; Built with nasm -DITER=n.
bits 32
org 0x1000
  cld
  mov ebp, ITER
  mov byte [0x200000 + 40], 0x5a
.loop:
  mov esi, 0x200000
  mov edi, 0x300000
  mov ecx, 16
  rep movsd
  mov ecx, 16
  mov eax, ebp
  rep stosd
  mov esi, 0x200000
  mov ecx, 8
.scan:
  lodsb
  add edx, eax
  loop .scan
  movsb
  stosw
  mov ecx, 24
  rep movsb
  mov edi, 0x200000
  mov al, 0x5a
  mov ecx, 64
  repne scasb
  dec ebp
  jnz .loop
  hlt
