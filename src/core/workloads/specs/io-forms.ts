// The "all 24 forms" exerciser (asm/io_forms.asm) and the user-payload workload (asm/user.asm).
import { P_WL, R_WL, USER_SIZE } from '../abi';
import type { WorkloadSpec } from '../types';
import { commonParams, cyclesPer, guestTime, intParam, workload } from './common';

/** Instructions one io_forms pass executes: 24 forms + 11 prefix variants. */
export const IO_FORMS_PER_PASS = 35;

export const ioFormsWorkload: WorkloadSpec = workload({
  id: 'io_forms',
  title: 'All 24 port-I/O forms',
  description: 'Every IN/OUT/INS/OUTS form (imm8/DX, 8/16/32 bits, REP/no REP) plus prefix variants (66, 67, segment overrides on OUTS, F2/F3, a redundant 66) against the debug console port 0xE9.',
  devices: ['debugcon'],
  params: [
    ...commonParams({ default: 1, max: 100_000, unit: 'passes', description: 'Passes over all the forms.' }),
    intParam('repCount', P_WL + 0x00, 4, 1, 16, 'Elements moved by each REP form.', 'elements'),
  ],
  paramsSize: 0x30,
  results: [
    { name: 'instructions', description: 'I/O instructions (native) or hypercalls (paravirtual) issued.', offset: R_WL + 0x00, kind: 'u32' },
    { name: 'elements', description: 'Port accesses performed (string forms count each element).', offset: R_WL + 0x04, kind: 'u32' },
    { name: 'checksum', description: 'Sum of the values the IN forms read.', offset: R_WL + 0x08, kind: 'u32' },
  ],
  resultsSize: 0x50,
  derived: [cyclesPer('cyclesPerInstruction', 'instructions'), guestTime],
});

export const userWorkload: WorkloadSpec = workload({
  id: 'user',
  title: 'User flat binary',
  description: 'Calls your own flat binary, loaded at 0x400000, at the configured CPL with the paravirt ops table in EAX (docs/guest-abi.md "User payloads").',
  devices: [],
  userPayload: true,
  params: [
    ...commonParams({ default: 1, max: 1_000_000, unit: 'calls', description: 'Times the payload is called.' }),
    intParam('userEntry', P_WL + 0x00, 0, 0, USER_SIZE - 1, 'Entry point, as an offset from the payload\'s load address 0x400000.', 'bytes'),
    intParam('userArg', P_WL + 0x04, 0, 0, 0xffff_ffff, 'Passed to the payload in EBX.'),
  ],
  paramsSize: 0x30,
  results: [{ name: 'returnValue', description: 'EAX when the payload last returned.', offset: R_WL + 0x00, kind: 'u32' }],
  resultsSize: R_WL + 0x10 + 64,
  derived: [cyclesPer('cyclesPerCall', 'done'), guestTime],
});
