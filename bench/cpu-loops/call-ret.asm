; call-ret: two levels of CALL/RET per iteration with a little work in each function and a
; stack-passed argument. Built with nasm -DITER=n (entry at the first byte, HLT is the last).
bits 32
org 0x1000
  jmp start
f1:
  mov ebx, [esp+4]
  add eax, ebx
  call f2
  xor edx, eax
  ret
f2:
  lea ebx, [eax+edx*2]
  add edx, ebx
  ret
start:
  mov ecx, ITER
  xor eax, eax
  xor edx, edx
.loop:
  push ecx
  call f1
  add esp, 4
  dec ecx
  jnz .loop
  hlt
