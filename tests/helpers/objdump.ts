// Test helper: GNU objdump (binutils) as the reference disassembler for flat i386 code. The
// decoder tests encode many instructions into one buffer, disassemble it in one objdump run,
// and look each instruction up by its offset.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OBJDUMP = '/usr/bin/objdump';
export const hasObjdump = existsSync(OBJDUMP);

export interface ObjdumpLine {
  /** Instruction length in bytes. */
  length: number;
  /** Intel-syntax text as objdump prints it. */
  text: string;
}

/** Disassembles `buf` (flat binary, `machine` i386 or i8086) into a map from offset to instruction. */
export function runObjdump(buf: Uint8Array, machine: 'i386' | 'i8086' = 'i386'): Map<number, ObjdumpLine> {
  const dir = mkdtempSync(join(tmpdir(), 'exitscope-objdump-'));
  try {
    const file = join(dir, 'code.bin');
    writeFileSync(file, buf);
    const text = execFileSync(OBJDUMP, ['-D', '-b', 'binary', `-m${machine}`, '-M', 'intel', '-w', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const map = new Map<number, ObjdumpLine>();
    for (const line of text.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$/.exec(line);
      if (m) map.set(parseInt(m[1]!, 16), { length: m[2]!.trim().split(' ').length, text: m[3]!.trim() });
    }
    return map;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
