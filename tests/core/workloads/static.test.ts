// Static checks of the guest code that need no CPU, from objdump's disassembly:
//   - the native and paravirtual builds of a workload are byte-identical except for the
//     header's flags word and the build-specific region (so they run the same code);
//   - the native build's I/O instructions all sit in the ops slots (io_forms: in its variant
//     body too), each slot holding the instruction its op names: the kernel itself does no I/O;
//   - the paravirtual build has no IN/OUT/INS/OUTS at all, and VMCALL only in that region;
//   - io_forms' native build contains all 24 port-I/O forms and the prefix variants.
import { describe, expect, it } from 'vitest';
import { HDR, OPS, OP_SLOT_BYTES, WORKLOADS, loadWorkloadImage, readHeader } from '../../../src/core/workloads/index';
import { disassembleCode, isIoInstruction, toolAvailable, type DisasmLine } from './tools';

const hasObjdump = toolAvailable('objdump');
if (!hasObjdump) console.warn('guest static checks skipped: objdump (binutils) is not installed');

const SLOT_IO: Record<string, readonly string[]> = {
  inb: ['in al,dx'], inw: ['in ax,dx'], inl: ['in eax,dx'],
  outb: ['out dx,al'], outw: ['out dx,ax'], outl: ['out dx,eax'],
  insb: ['rep ins BYTE PTR es:[edi],dx'], insw: ['rep ins WORD PTR es:[edi],dx'], insl: ['rep ins DWORD PTR es:[edi],dx'],
  outsb: ['rep outs dx,BYTE PTR ds:[esi]'], outsw: ['rep outs dx,WORD PTR ds:[esi]'], outsl: ['rep outs dx,DWORD PTR ds:[esi]'],
  out_multi: ['out dx,eax', 'out dx,al', 'out dx,ax'],
  hypercall: [], flush: [],
};
/** VMCALLs per paravirtual slot: one each, except flush (it jumps to the ring's doorbell). */
const SLOT_VMCALLS = (op: string): number => (op === 'flush' ? 0 : 1);

function formKey(text: string): string | null {
  let m = /^in (al|ax|eax),(0x[0-9a-f]+|dx)$/.exec(text);
  if (m) return `in ${m[2] === 'dx' ? 'dx' : 'imm8'} ${m[1]}`;
  m = /^out (0x[0-9a-f]+|dx),(al|ax|eax)$/.exec(text);
  if (m) return `out ${m[1] === 'dx' ? 'dx' : 'imm8'} ${m[2]}`;
  m = /^(rep |repz |repnz )?(ins|outs) .*?(BYTE|WORD|DWORD) PTR/.exec(text);
  if (m) return `${m[2]} ${m[3]} ${m[1] ? 'rep' : 'once'}`;
  return null;
}

describe.skipIf(!hasObjdump)('guest code, statically', () => {
  for (const w of WORKLOADS) {
    describe(w.id, () => {
      const native = loadWorkloadImage(w.id, 'native');
      const pv = loadWorkloadImage(w.id, 'pv');
      const h = readHeader(native);
      const variantStart = h.loadAddress + h.variantOffset;
      const variantEnd = variantStart + h.variantSize;
      const inVariant = (l: DisasmLine): boolean => l.addr >= variantStart && l.addr < variantEnd;

      it('native and paravirtual builds differ only in the flags word and the build-specific region', () => {
        expect(pv.length).toBe(native.length);
        expect(readHeader(pv).variantOffset).toBe(h.variantOffset);
        for (let i = 0; i < native.length; i++) {
          if (native[i] === pv[i]) continue;
          const inFlags = i >= HDR.flags && i < HDR.flags + 4;
          const inRegion = i >= h.variantOffset && i < h.variantOffset + h.variantSize;
          if (!inFlags && !inRegion) throw new Error(`byte 0x${i.toString(16)} differs outside the build-specific region`);
        }
      });

      it('native build: I/O instructions only in the ops slots, each the op it names', () => {
        const code = disassembleCode(native, h);
        const io = code.filter((l) => isIoInstruction(l.text));
        expect(io.length).toBeGreaterThan(0);
        for (const l of io) expect(inVariant(l), `${l.text} at 0x${l.addr.toString(16)} is outside the ops`).toBe(true);
        OPS.forEach((op, slot) => {
          const start = variantStart + slot * OP_SLOT_BYTES;
          const inSlot = io.filter((l) => l.addr >= start && l.addr < start + OP_SLOT_BYTES).map((l) => l.text);
          expect(inSlot, `slot ${op}`).toEqual(SLOT_IO[op]);
        });
        const opsEnd = variantStart + OPS.length * OP_SLOT_BYTES;
        const beyond = io.filter((l) => l.addr >= opsEnd);
        if (w.id !== 'io_forms') expect(beyond.map((l) => l.text)).toEqual([]);
        const vmcalls = code.filter((l) => l.text === 'vmcall').map((l) => l.addr);
        expect(vmcalls).toEqual([variantStart + OPS.indexOf('hypercall') * OP_SLOT_BYTES + 5]);
      });

      it('paravirtual build: no port-I/O instruction at all, VMCALL only in the build-specific region', () => {
        const code = disassembleCode(pv, readHeader(pv));
        expect(code.filter((l) => isIoInstruction(l.text)).map((l) => `${l.addr.toString(16)}: ${l.text}`)).toEqual([]);
        const vmcalls = code.filter((l) => l.text === 'vmcall');
        expect(vmcalls.length).toBeGreaterThanOrEqual(OPS.length);
        for (const l of vmcalls) expect(inVariant(l)).toBe(true);
        OPS.forEach((op, slot) => {
          const start = variantStart + slot * OP_SLOT_BYTES;
          expect(vmcalls.filter((l) => l.addr >= start && l.addr < start + OP_SLOT_BYTES).length, `slot ${op}`).toBe(SLOT_VMCALLS(op));
        });
        // Beyond the slots: the shared ring's one doorbell (ring.inc), and io_forms' own body.
        const beyond = vmcalls.filter((l) => l.addr >= variantStart + OPS.length * OP_SLOT_BYTES);
        if (w.id !== 'io_forms') expect(beyond.length).toBe(1);
      });
    });
  }

  it('io_forms (native) performs all 24 port-I/O forms and the prefix variants', () => {
    const image = loadWorkloadImage('io_forms', 'native');
    const io = disassembleCode(image, readHeader(image)).filter((l) => isIoInstruction(l.text));
    const body = io.filter((l) => l.addr >= 0x100000 + readHeader(image).variantOffset + OPS.length * OP_SLOT_BYTES);
    const forms = new Set(body.map((l) => formKey(l.text)).filter((k): k is string => k !== null));
    const expected: string[] = [];
    for (const dir of ['in', 'out']) for (const src of ['imm8', 'dx']) for (const reg of ['al', 'ax', 'eax']) expected.push(`${dir} ${src} ${reg}`);
    for (const op of ['ins', 'outs']) for (const size of ['BYTE', 'WORD', 'DWORD']) for (const rep of ['once', 'rep']) expected.push(`${op} ${size} ${rep}`);
    expect(expected.length).toBe(24);
    for (const k of expected) expect(forms.has(k), k).toBe(true);
    const texts = body.map((l) => l.text);
    const bytes = body.map((l) => l.bytes);
    for (const seg of ['cs', 'ss', 'fs', 'gs', 'es']) expect(texts.some((t) => t.includes('outs') && t.includes(`${seg}:[esi]`)), `${seg} override on OUTS`).toBe(true);
    expect(texts.some((t) => t.includes('[si]')), '67 on OUTS').toBe(true);
    expect(texts.some((t) => t.includes('[di]')), '67 on INS').toBe(true);
    expect(texts.filter((t) => t.startsWith('repnz')).length, 'F2 on INS and OUTS').toBe(2);
    // the prefix variants, byte for byte (docs/guest-abi.md §7)
    for (const b of ['f3 67 6e', '66 67 6d', '26 6e', '2e 6e', '36 6f', '64 66 6f', 'f3 65 6e', 'f2 6e', 'f2 6c', '66 67 f3 26 6f', '66 ec']) expect(bytes, b).toContain(b);
    expect(body.length).toBe(35);
  });
});
