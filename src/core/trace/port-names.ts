// Port number -> device name, for labelling port-I/O exits. Built once from the shared
// WELL_KNOWN_PORTS ranges into a 64K table of indexes into a name list (0 = unnamed), so a
// lookup is two array reads. The ACPI PM timer registers override their ACPI block's name.

import { PM_TIMER_PORTS, WELL_KNOWN_PORTS } from '../../shared/well-known-ports';

export const PM_TIMER_DEVICE = 'ACPI PM timer';

const names: string[] = [''];
const table = new Uint16Array(0x10000);

function nameIndex(name: string): number {
  let i = names.indexOf(name);
  if (i < 0) {
    i = names.length;
    names.push(name);
  }
  return i;
}

for (const range of WELL_KNOWN_PORTS) {
  const idx = nameIndex(range.device);
  for (let p = range.first; p <= range.last; p++) table[p] = idx;
}
for (const port of PM_TIMER_PORTS) table[port] = nameIndex(PM_TIMER_DEVICE);

/** The well-known device at `port` (0..0xFFFF), or null for an unnamed or out-of-range port. */
export function deviceForPort(port: number): string | null {
  if (port < 0 || port > 0xffff) return null;
  const idx = table[port];
  return idx === 0 ? null : names[idx];
}
