; rmw-branch: read-modify-write memory operands, LEA, TEST and two two-way branches per
; iteration whose directions change from one iteration to the next (the shape of driver and
; kernel code, and of the loop an outside tester measured). Built with nasm -DITER=n.
bits 32
org 0x1000
  mov ecx, ITER
  mov esi, 0x200000
  xor ebx, ebx
  xor edi, edi
.loop:
  add [esi+ebx*4], ecx
  lea eax, [ebx+ecx*2+5]
  xor [esi+ebx*4+0x1000], eax
  test eax, 4
  jz .a
  inc edi
  jmp .b
.a:
  add edi, 3
.b:
  test ecx, 1
  jnz .c
  sub [esi+ebx*4], edi
  or dword [esi+0x2000], 1
.c:
  inc ebx
  and ebx, 0x3ff
  dec ecx
  jnz .loop
  hlt
