// Platform workloads: the PCI bus scan and PIT/PIC timer ticks.
import { P_WL, R_WL } from '../abi';
import type { ResultField, WorkloadSpec } from '../types';
import { commonParams, cyclesPer, field, guestTime, intParam, portParam, workload } from './common';

export const PCI_MAX_FUNCTIONS = 32;
const PCI_FUNCS = R_WL + 0x08;

const pciResults: ResultField[] = [
  { name: 'found', description: 'Functions found (the first 32 are listed).', offset: R_WL + 0x00, kind: 'u32', unit: 'functions' },
  { name: 'configReads', description: 'CONFIG_ADDRESS write + CONFIG_DATA read pairs.', offset: R_WL + 0x04, kind: 'u32', unit: 'reads' },
];

export interface PciFunctionRecord {
  bus: number;
  device: number;
  fn: number;
  vendorId: number;
  deviceId: number;
  classCode: number;
  revision: number;
}

/** The functions a pci_scan run recorded, from its result block bytes. */
export function decodePciFunctions(results: Uint8Array): PciFunctionRecord[] {
  const v = new DataView(results.buffer, results.byteOffset, results.byteLength);
  const found = Math.min(v.getUint32(R_WL, true), PCI_MAX_FUNCTIONS);
  const out: PciFunctionRecord[] = [];
  for (let i = 0; i < found; i++) {
    const at = PCI_FUNCS + i * 12;
    const addr = v.getUint32(at, true);
    const id = v.getUint32(at + 4, true);
    const cls = v.getUint32(at + 8, true);
    out.push({
      bus: (addr >>> 16) & 0xff, device: (addr >>> 11) & 0x1f, fn: (addr >>> 8) & 7,
      vendorId: id & 0xffff, deviceId: id >>> 16, classCode: cls >>> 8, revision: cls & 0xff,
    });
  }
  return out;
}

export const platformWorkloads: readonly WorkloadSpec[] = [
  workload({
    id: 'pci_scan',
    title: 'PCI bus scan',
    description: 'Configuration mechanism #1: CONFIG_ADDRESS (0xCF8) then CONFIG_DATA (0xCFC) for every device and function; records vendor/device IDs and class codes.',
    devices: ['pci'],
    params: [
      ...commonParams({ default: 1, max: 10_000, unit: 'scans', description: 'Times the whole scan runs.' }),
      intParam('buses', P_WL + 0x00, 1, 1, 256, 'Buses scanned (0 .. buses - 1).', 'buses'),
      portParam('configAddressPort', P_WL + 0x04, 0xcf8, 'CONFIG_ADDRESS port.'),
      portParam('configDataPort', P_WL + 0x08, 0xcfc, 'CONFIG_DATA port.'),
    ],
    paramsSize: 0x30,
    results: pciResults,
    resultsSize: PCI_FUNCS + PCI_MAX_FUNCTIONS * 12,
    derived: [cyclesPer('cyclesPerConfigRead', 'configReads'), guestTime],
  }),
  workload({
    id: 'pit_timer',
    title: 'PIT/PIC timer ticks',
    description: 'Programs the 8259 pair and the 8254 (channel 0, mode 2), then takes tick interrupts, each acknowledged with an EOI, idling with STI; HLT in between.',
    devices: ['pit', 'pic'],
    interrupts: true,
    params: [
      ...commonParams({ default: 100, max: 1_000_000, unit: 'ticks', description: 'Tick interrupts taken.' }),
      intParam('pitDivisor', P_WL + 0x00, 1193, 2, 0xffff, 'PIT reload value: 1193182 / divisor Hz.'),
    ],
    paramsSize: 0x30,
    results: [{ name: 'firstTickTsc', description: 'TSC when the first tick arrived.', offset: R_WL + 0x00, kind: 'u64', unit: 'cycles' }],
    resultsSize: 0x50,
    derived: [
      cyclesPer('cyclesPerTick', 'done'),
      {
        name: 'tickRate', unit: 'Hz', formula: '(ticks - 1) / guest seconds from the first tick to tsc_end',
        compute: (c) => {
          const span = c.tscEnd - field(c.fields, 'firstTickTsc');
          const ticks = field(c.fields, 'done');
          return ticks > 1 && span > 0 ? ((ticks - 1) * c.cpuHz) / span : null;
        },
      },
      guestTime,
    ],
  }),
];
