; paging: 4 KiB pages; each iteration reads and read-modify-writes one dword in each of 64
; pages (a new page per access), then reloads CR3, which flushes the TLB, so every iteration
; walks the page tables again for its data and its code. Built with nasm -DITER=n.
bits 32
org 0x1000
  mov ebp, ITER
.outer:
  mov esi, 0x800000
  mov ecx, 64
.inner:
  add [esi], ecx
  mov eax, [esi+4]
  add edx, eax
  add esi, 4096+64
  dec ecx
  jnz .inner
  mov eax, cr3
  mov cr3, eax
  dec ebp
  jnz .outer
  hlt
