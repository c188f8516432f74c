// Test helpers for the guest binaries: where they live, whether nasm/objdump are installed,
// a code-only disassembly of an image with objdump (Intel syntax), one record per insn, and
// nasm assembly of a user payload (org USER_BASE, the kernel's abi.inc included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageHeader } from '../../../src/core/workloads/image';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN_DIR = join(ROOT, 'src/core/workloads/bin');
export const ASM_DIR = join(ROOT, 'src/core/workloads/asm');

export function toolAvailable(name: string): boolean {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (r.error === undefined && r.status === 0) return true;
  const v = spawnSync(name, ['-v'], { encoding: 'utf8' });
  return v.error === undefined && v.status === 0;
}

export interface DisasmLine {
  /** Linear address (load address + offset). */
  addr: number;
  /** Instruction bytes, hex, space separated as objdump prints them. */
  bytes: string;
  /** Mnemonic and operands, whitespace collapsed: "rep outs dx,BYTE PTR ds:[esi]". */
  text: string;
}

/**
 * Disassembles an image's code: [header end, build-specific region) and the region itself,
 * separately, so the zero fill between them cannot swallow the region's first instruction.
 */
export function disassembleCode(image: Uint8Array, h: ImageHeader): DisasmLine[] {
  const dir = mkdtempSync(join(tmpdir(), 'exs-disasm-'));
  try {
    const file = join(dir, 'image.bin');
    writeFileSync(file, image);
    const range = (from: number, to: number): DisasmLine[] => disassembleRange(file, h.loadAddress, h.loadAddress + from, h.loadAddress + to);
    return [...range(0x60, h.variantOffset), ...range(h.variantOffset, h.variantOffset + h.variantSize)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function disassembleRange(file: string, vma: number, start: number, stop: number): DisasmLine[] {
  const hex = (n: number): string => `0x${n.toString(16)}`;
  const r = spawnSync('objdump', ['-D', '-b', 'binary', '-mi386', '-M', 'intel', `--adjust-vma=${hex(vma)}`,
    `--start-address=${hex(start)}`, `--stop-address=${hex(stop)}`, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`objdump failed: ${r.stderr}`);
  const out: DisasmLine[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$/.exec(line);
    if (m) out.push({ addr: parseInt(m[1], 16), bytes: m[2], text: m[3].replace(/\s+/g, ' ').trim() });
  }
  return out;
}

const IO_RE = /^(?:(?:rep|repz|repnz|repe|repne|data16|addr16|[cdefgs]s) )*(in|out|ins[bwd]?|outs[bwd]?)(?: |$)/;

/** True for IN/OUT/INS/OUTS in any form, with any prefixes. */
export function isIoInstruction(text: string): boolean {
  return IO_RE.test(text);
}

/** Assembles a `user` workload payload (bits 32, org 0x400000, abi.inc constants available). */
export function assemblePayload(source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'exs-payload-'));
  try {
    const src = join(dir, 'payload.asm');
    const out = join(dir, 'payload.bin');
    writeFileSync(src, `bits 32\norg 0x400000\n%include "kernel/abi.inc"\n${source}\n`);
    const r = spawnSync('nasm', ['-f', 'bin', '-I', `${ASM_DIR}/`, '-o', out, src], { encoding: 'utf8' });
    if (r.error !== undefined || r.status !== 0) throw new Error(`nasm failed: ${r.error?.message ?? r.stderr}`);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
