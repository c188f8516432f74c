// `exitscope cpu-gaps`: list what the i386 CPU does not implement (opcodes that raise #UD and
// architectural features), derived from the opcode table by src/core/cpu/gaps.ts.
import type { CliCommand } from '../command';
import { gapReport } from '../../cpu/gaps';

export const cpuGapsCommand: CliCommand = {
  name: 'cpu-gaps',
  summary: 'List the instructions and CPU features that are not implemented',
  usage: 'exitscope cpu-gaps',
  async run(_args, io) {
    io.out(gapReport() + '\n');
    return 0;
  },
};
