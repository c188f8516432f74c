// The disassembler on its own (objdump-independent, so it is covered where binutils is absent):
// a handful of encodings with their objdump spellings.
import { describe, it, expect } from 'vitest';
import { decodeInsn } from '../../../src/core/cpu/decoder';
import { disassemble } from '../../../src/core/cpu/disasm';
import { I386_CYCLES } from '../../../src/core/cpu/cycles';
import { fetchInstruction } from '../../../src/core/cpu/inspect';
import { Guest, CODE0 } from './guest';

function dis(bytes: number[], eip = 0): string {
  const i = decodeInsn((k) => bytes[k] ?? 0, eip, true, I386_CYCLES);
  const d = disassemble(i);
  return `${i.len} ${d.mnemonic} ${d.operands}`.trim();
}

describe('disassemble', () => {
  it.each([
    [[0x01, 0xd8], '2 add eax,ebx'],
    [[0x8b, 0x44, 0x8b, 0x10], '4 mov eax,DWORD PTR [ebx+ecx*4+0x10]'],
    [[0x66, 0x89, 0x45, 0xfc], '4 mov WORD PTR [ebp-0x4],ax'],
    [[0xa1, 0x78, 0x56, 0x34, 0x12], '5 mov eax,ds:0x12345678'],
    [[0xf3, 0xa5], '2 rep movs DWORD PTR es:[edi],DWORD PTR ds:[esi]'],
    [[0xf3, 0x66, 0x6d], '3 rep ins WORD PTR es:[edi],dx'],
    [[0xee], '1 out dx,al'],
    [[0xe5, 0x60], '2 in eax,0x60'],
    [[0x75, 0xfe], '2 jne 0x0'],
    [[0x0f, 0x01, 0xc1], '3 vmcall'],
    [[0x83, 0xc4, 0xf0], '3 add esp,0xfffffff0'],
    [[0x0f, 0x22, 0xd8], '3 mov cr3,eax'],
    [[0xf0, 0x0f, 0xb1, 0x0b], '4 lock cmpxchg DWORD PTR [ebx],ecx'],
  ])('%j -> %s', (bytes, text) => {
    expect(dis(bytes)).toBe(text);
  });
});

describe('fetchInstruction', () => {
  it('reads the instruction at EIP through CS and paging', () => {
    const g = new Guest();
    g.pageIdentity();
    g.code(CODE0, [0xf3, 0x6e, 0x90]);
    const f = fetchInstruction(g.cpu);
    expect(f.bytes).toEqual([0xf3, 0x6e]);
    expect(f.text).toBe('rep outs dx,BYTE PTR ds:[esi]');
    expect(f.insn.len).toBe(2);
  });
});
