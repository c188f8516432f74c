// deviceForPort (src/core/trace/port-names.ts): the shared well-known port ranges, with the PM
// timer registers named more precisely than their ACPI block.
import { describe, expect, it } from 'vitest';
import { deviceForPort, PM_TIMER_DEVICE } from '../../../../src/core/trace/port-names';

describe('deviceForPort', () => {
  it('names ports inside ranges, at their edges, and not outside', () => {
    expect(deviceForPort(0x3f8)).toBe('COM1');
    expect(deviceForPort(0x3ff)).toBe('COM1');
    expect(deviceForPort(0x3f7)).toBeNull();
    expect(deviceForPort(0x20)).toBe('PIC1');
    expect(deviceForPort(0xcfc)).toBe('PCI config data');
    expect(deviceForPort(0xcff)).toBe('PCI config data');
    expect(deviceForPort(0x5658)).toBe('VMware backdoor');
    expect(deviceForPort(0x1234)).toBeNull();
  });

  it('names the ACPI PM timer registers of PIIX4 and ICH9', () => {
    expect(PM_TIMER_DEVICE).toBe('ACPI PM timer');
    expect(deviceForPort(0xb008)).toBe('ACPI PM timer');
    expect(deviceForPort(0x608)).toBe('ACPI PM timer');
    expect(deviceForPort(0xb004)).toBe('ACPI PM (PIIX4)');
    expect(deviceForPort(0x604)).toBe('ACPI PM (ICH9)');
  });

  it('returns null out of the 16-bit port space', () => {
    expect(deviceForPort(-1)).toBeNull();
    expect(deviceForPort(0x10000)).toBeNull();
  });
});
