// Device classes: the short names profiles use for per-device extras (`emulate.device.<class>`),
// mapped from the well-known port names that label exits (src/shared/well-known-ports.ts via
// src/core/trace/port-names.ts). Used when re-pricing exits that only carry a port (imported
// traces). Ports with no class get no device extra.
import { deviceForPort, PM_TIMER_DEVICE } from '../trace/port-names';

const CLASS_BY_DEVICE: Readonly<Record<string, string>> = {
  [PM_TIMER_DEVICE]: 'pmtimer',
  PIC1: 'pic',
  PIC2: 'pic',
  'ELCR (PIC edge/level)': 'elcr',
  PIT: 'pit',
  'CMOS RTC': 'rtc',
  'POST / io_delay': 'post',
  'Debug console (0xE9)': 'debugcon',
  COM1: 'uart',
  COM2: 'uart',
  COM3: 'uart',
  'NE2000 (ISA default)': 'ne2000',
  'ATA primary': 'ata',
  'ATA secondary': 'ata',
  'ATA primary control': 'ata',
  'ATA secondary control': 'ata',
  'PCI config address': 'pci-config',
  'PCI config data': 'pci-config',
};

/** The device class of a port, or null when the port has none. */
export function deviceClassForPort(port: number): string | null {
  const name = deviceForPort(port);
  return name === null ? null : (CLASS_BY_DEVICE[name] ?? null);
}
