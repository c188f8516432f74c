// The 24 port-I/O instruction forms (DESIGN.md "The 24 port-I/O forms") with stable ids 0-23 and
// canonical mnemonics, as carried by exit records. Ids: kind * 3 + log2(size), where kind is
// 0 IN imm8, 1 IN DX, 2 OUT imm8, 3 OUT DX, 4 INS, 5 REP INS, 6 OUTS, 7 REP OUTS.
import type { IoSize } from './hooks';

const SIZE_INDEX: Record<IoSize, number> = { 1: 0, 2: 1, 4: 2 };
const ACC = [['al', 'ax', 'eax']];
const SUFFIX = ['b', 'w', 'd'];

export function ioFormId(input: boolean, string: boolean, rep: boolean, immediate: boolean, size: IoSize): number {
  let kind: number;
  if (string) kind = (input ? 4 : 6) + (rep ? 1 : 0);
  else kind = (input ? 0 : 2) + (immediate ? 0 : 1);
  return kind * 3 + SIZE_INDEX[size];
}

function mnemonic(id: number): string {
  const kind = Math.floor(id / 3), s = id % 3;
  const acc = ACC[0][s];
  switch (kind) {
    case 0: return `in ${acc}, imm8`;
    case 1: return `in ${acc}, dx`;
    case 2: return `out imm8, ${acc}`;
    case 3: return `out dx, ${acc}`;
    case 4: return `ins${SUFFIX[s]}`;
    case 5: return `rep ins${SUFFIX[s]}`;
    case 6: return `outs${SUFFIX[s]}`;
    default: return `rep outs${SUFFIX[s]}`;
  }
}

/** Canonical mnemonic per form id. */
export const IO_FORM_MNEMONICS: readonly string[] = Array.from({ length: 24 }, (_, id) => mnemonic(id));
