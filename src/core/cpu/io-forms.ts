// The CPU's view of the 24 port-I/O forms: the form id of the I/O instruction it is executing,
// in the one numbering defined by ./io-form-table.ts (shared with the trace importers and
// the hypervisor models, so every exit carries the same id whatever produced it).
import { formIdOf, IO_FORMS } from './io-form-table';
import type { IoSize } from './hooks';

/** Never null here: the size is 1, 2 or 4 and both REP and the port source are known. */
export function ioFormId(input: boolean, string: boolean, rep: boolean, immediate: boolean, size: IoSize): number {
  return formIdOf(input ? 'in' : 'out', size, string, rep, immediate ? 'imm8' : 'dx')!;
}

/** Canonical mnemonic per form id. */
export const IO_FORM_MNEMONICS: readonly string[] = IO_FORMS.map((f) => f.mnemonic);
