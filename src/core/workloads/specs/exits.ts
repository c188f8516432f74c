// The exit microbenchmarks after kvm-unit-tests x86/vmexit.c (asm/lib/exitbench.inc).
import { P_WL, R_WL } from '../abi';
import type { DerivedResult, ParamSpec, WorkloadSpec } from '../types';
import { commonParams, guestTime, intParam, portParam, workload } from './common';

const PORT = P_WL + 0x00;
const WIDTH = P_WL + 0x04;
const VALUE = P_WL + 0x08;
const LAST = R_WL + 0x00;

const iterations = { default: 10_000, max: 10_000_000, unit: 'iterations', description: 'Times the operation runs between the two RDTSCs.' };

const cyclesPerIteration: DerivedResult = {
  name: 'cyclesPerIteration',
  unit: 'cycles',
  formula: 'floor((tsc_end - tsc_start) / iterations), as kvm-unit-tests vmexit.c prints it',
  compute: (c) => {
    const n = c.fields.done;
    return typeof n === 'number' && n > 0 ? Math.floor(c.cycles / n) : null;
  },
};

function bench(id: string, title: string, description: string, devices: WorkloadSpec['devices'], io: ParamSpec[] | null): WorkloadSpec {
  return workload({
    id,
    title,
    description,
    devices,
    params: [...commonParams(iterations), ...(io ?? [])],
    paramsSize: 0x30,
    results: io === null ? [] : [{ name: 'lastValue', description: 'The value the last iteration read (0 for writes).', offset: LAST, kind: 'u32' }],
    resultsSize: 0x50,
    derived: [cyclesPerIteration, guestTime],
  });
}

const width = (def: number): ParamSpec => ({
  ...intParam('width', WIDTH, def, 1, 4, 'Access width.', 'bytes'),
  allowed: [1, 2, 4],
});

export const exitWorkloads: readonly WorkloadSpec[] = [
  bench('vmcall', 'vmcall', 'The null hypercall (VMCALL with EAX = 0) in a loop: the bare cost of an exit and return, kvm-unit-tests vmexit.c "vmcall".', [], null),
  bench('outl_to_kernel', 'outl_to_kernel', 'Writes the ELCR (port 0x4D0), a device KVM keeps in the kernel: kvm-unit-tests vmexit.c "outl_to_kernel" (today an outb of 0).', ['pic'], [
    portParam('port', PORT, 0x4d0, 'Port written.'), width(1), intParam('value', VALUE, 0, 0, 0xffff_ffff, 'Value written.'),
  ]),
  bench('inl_from_kernel', 'inl_from_kernel', 'Reads the ELCR (port 0x4D0), in-kernel under KVM: kvm-unit-tests vmexit.c "inl_from_kernel" (today an inb).', ['pic'], [
    portParam('port', PORT, 0x4d0, 'Port read.'), width(1),
  ]),
  bench('inl_from_qemu', 'inl_from_qemu', 'inl from port 0x1234, which no device claims: under KVM the exit goes to the userspace device model and reads all ones. kvm-unit-tests vmexit.c "inl_from_qemu".', [], [
    portParam('port', PORT, 0x1234, 'Port read (an unassigned one).'), width(4),
  ]),
  bench('inl_from_pmtimer', 'inl_from_pmtimer', 'inl from the ACPI PM timer (PM_TMR_BLK, 0xB008 as QEMU places it), a userspace device model under KVM: kvm-unit-tests vmexit.c "inl_from_pmtimer".', ['pmTimer'], [
    portParam('port', PORT, 0xb008, 'PM timer port.'), width(4),
  ]),
];
