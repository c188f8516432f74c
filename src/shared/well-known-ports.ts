// Names of well-known PC I/O ports, used to label port-I/O exits in summaries and charts.
// Sources: the IBM PC/AT technical reference port map as kept in Linux's /proc/ioports
// (arch/x86/kernel/setup.c standard_io_resources), QEMU's PC machine, the ACPI PM timer
// default of QEMU's PIIX4/ICH9 (0xB008 / 0x608), and VMware's backdoor port (0x5658).
// Constants only.

export interface PortRange {
  first: number;
  last: number;
  device: string;
}

/** Sorted by first port; ranges do not overlap. */
export const WELL_KNOWN_PORTS: readonly PortRange[] = [
  { first: 0x0000, last: 0x001f, device: 'DMA1' },
  { first: 0x0020, last: 0x0021, device: 'PIC1' },
  { first: 0x0040, last: 0x0043, device: 'PIT' },
  { first: 0x0060, last: 0x0060, device: 'i8042 data (keyboard)' },
  { first: 0x0061, last: 0x0061, device: 'NMI status / PC speaker' },
  { first: 0x0064, last: 0x0064, device: 'i8042 status/command (keyboard)' },
  { first: 0x0070, last: 0x0071, device: 'CMOS RTC' },
  { first: 0x0080, last: 0x0080, device: 'POST / io_delay' },
  { first: 0x0081, last: 0x008f, device: 'DMA page registers' },
  { first: 0x0092, last: 0x0092, device: 'System control port A (A20)' },
  { first: 0x00a0, last: 0x00a1, device: 'PIC2' },
  { first: 0x00c0, last: 0x00df, device: 'DMA2' },
  { first: 0x00e9, last: 0x00e9, device: 'Debug console (0xE9)' },
  { first: 0x00f0, last: 0x00ff, device: 'FPU' },
  { first: 0x0170, last: 0x0177, device: 'ATA secondary' },
  { first: 0x01f0, last: 0x01f7, device: 'ATA primary' },
  { first: 0x02f8, last: 0x02ff, device: 'COM2' },
  { first: 0x0300, last: 0x031f, device: 'NE2000 (ISA default)' },
  { first: 0x0376, last: 0x0376, device: 'ATA secondary control' },
  { first: 0x0378, last: 0x037a, device: 'LPT1' },
  { first: 0x03b0, last: 0x03df, device: 'VGA' },
  { first: 0x03e8, last: 0x03ef, device: 'COM3' },
  { first: 0x03f0, last: 0x03f5, device: 'Floppy controller' },
  { first: 0x03f6, last: 0x03f6, device: 'ATA primary control' },
  { first: 0x03f8, last: 0x03ff, device: 'COM1' },
  { first: 0x04d0, last: 0x04d1, device: 'ELCR (PIC edge/level)' },
  { first: 0x0510, last: 0x0511, device: 'QEMU fw_cfg' },
  { first: 0x0600, last: 0x063f, device: 'ACPI PM (ICH9)' },
  { first: 0x0cf8, last: 0x0cfb, device: 'PCI config address' },
  { first: 0x0cfc, last: 0x0cff, device: 'PCI config data' },
  { first: 0x5658, last: 0x5658, device: 'VMware backdoor' },
  { first: 0xb000, last: 0xb03f, device: 'ACPI PM (PIIX4)' },
];

/** The ACPI PM timer registers, named more precisely than their ACPI block. */
export const PM_TIMER_PORTS: readonly number[] = [0x0608, 0xb008];
