// The serial console writers (asm/lib/serial.inc, serial_polled.asm, serial_irq.asm).
import { P_WL, R_WL } from '../abi';
import type { DerivedResult, ParamSpec, ResultField, WorkloadSpec } from '../types';
import { commonParams, cyclesPer, guestTime, intParam, portParam, rate, workload } from './common';

const params = (irq: boolean): ParamSpec[] => [
  ...commonParams({ default: 1, max: 100_000, unit: 'passes', description: 'Times the text is written.' }),
  portParam('base', P_WL + 0x00, 0x3f8, 'UART base port (COM1).'),
  intParam('divisor', P_WL + 0x04, 1, 1, 0xffff, 'Baud divisor: 115200 / divisor baud.'),
  ...(irq ? [intParam('irq', P_WL + 0x08, 4, 0, 15, 'UART interrupt line on the 8259 pair.', 'IRQ')] : []),
  {
    kind: 'text', name: 'text', offset: P_WL + 0x10, lengthOffset: P_WL + 0x0c, capacity: 256,
    default: 'Hello from the ExitScope guest kernel.\r\n', description: 'Text written (1-256 bytes, latin1).',
  },
  intParam('fifo', P_WL + 0x110, 0, 0, 1, irq
    ? '1: 16-byte FIFOs on (FCR 0xC7) and up to 16 bytes written per THR-empty interrupt, as serial8250_tx_chars does; 0: 16450 mode, one byte per interrupt.'
    : '1: 16-byte FIFOs on (FCR 0xC7); the console still waits for THRE before each byte. 0: 16450 mode.'),
];

const results: ResultField[] = [
  { name: 'bytes', description: 'Bytes written to THR.', offset: R_WL + 0x00, kind: 'u32', unit: 'bytes' },
  { name: 'lsrReads', description: 'Line status register reads (THRE / TEMT polls).', offset: R_WL + 0x04, kind: 'u32', unit: 'reads' },
  { name: 'iirReads', description: 'Interrupt identification register reads (one per interrupt).', offset: R_WL + 0x08, kind: 'u32', unit: 'reads' },
];

const derived: DerivedResult[] = [cyclesPer('cyclesPerByte', 'bytes'), rate('bytesPerSecond', 'bytes', 'bytes/s'), guestTime];

export const serialWorkloads: readonly WorkloadSpec[] = [
  workload({
    id: 'serial_polled',
    title: 'Serial console (polled)',
    description: 'Writes a text through the 16550 UART as the Linux 8250 console does: poll LSR for THRE, write THR, per byte; wait for TEMT at the end.',
    devices: ['uart'],
    params: params(false),
    paramsSize: P_WL + 0x120,
    results,
    resultsSize: 0x50,
    derived,
  }),
  workload({
    id: 'serial_irq',
    title: 'Serial console (interrupt driven)',
    description: 'Writes a text with THR-empty interrupts through the 8259 pair: per interrupt read IIR, write the next byte (16 with the FIFO on), EOI.',
    devices: ['uart', 'pic'],
    interrupts: true,
    params: params(true),
    paramsSize: P_WL + 0x120,
    results,
    resultsSize: 0x50,
    derived,
  }),
];
