; alu-mix: the original bench:cpu loop — load, ALU, store, a rarely taken branch, shift, LEA,
; PUSH/POP; 15 instructions per iteration. Built by bench/cpu.bench.ts with nasm -DITER=n.
bits 32
org 0x1000
  mov ecx, ITER
  mov esi, 0x200000
  xor ebx, ebx
.loop:
  mov eax, [esi+ebx*4]
  add eax, ecx
  xor edx, eax
  mov [esi+ebx*4], edx
  inc ebx
  and ebx, 0x3ff
  cmp eax, edx
  je .skip
  sub edx, 3
.skip:
  shl edx, 1
  lea edi, [edi+eax*2]
  push eax
  pop eax
  dec ecx
  jnz near .loop
  hlt
