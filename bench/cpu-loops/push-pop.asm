; push-pop: register, immediate and memory pushes, pops, and loads from the stack.
; Built with nasm -DITER=n.
bits 32
org 0x1000
  mov ecx, ITER
  mov esi, 0x200000
.loop:
  push eax
  push ebx
  push esi
  push edi
  push 0x1234
  push dword [esi]
  pop edx
  add edx, [esp]
  pop edi
  pop edi
  pop esi
  pop ebx
  pop eax
  add eax, edx
  dec ecx
  jnz .loop
  hlt
