// `exitscope cpu-gaps [--json]`: list what the i386 CPU does not implement (opcodes that raise
// #UD and architectural features), derived from the opcode table by src/core/cpu/gaps.ts.
import type { CliCommand } from '../command';
import { FEATURE_GAPS, gapReport, opcodeGaps } from '../../cpu/gaps';
import { parseArgs } from '../args';

export const cpuGapsCommand: CliCommand = {
  name: 'cpu-gaps',
  summary: 'List the instructions and CPU features that are not implemented',
  usage: 'exitscope cpu-gaps [--json]',
  details: '--json: {"opcodes": [...OpcodeGap (src/core/cpu/gaps.ts)], "features": [...text]}',
  async run(args, io) {
    const parsed = parseArgs(args, { booleans: ['json'] });
    io.out(parsed.booleans.has('json') ? JSON.stringify({ opcodes: opcodeGaps(), features: FEATURE_GAPS }, null, 2) + '\n' : gapReport() + '\n');
    return 0;
  },
};
