// The ATA PIO workloads (asm/lib/disk.inc, asm/drivers/ata.inc).
import { P_WL, R_WL } from '../abi';
import type { DerivedResult, ParamSpec, ResultField, WorkloadSpec } from '../types';
import { commonParams, cyclesPer, guestTime, intParam, portParam, rate, workload } from './common';

const params: ParamSpec[] = [
  ...commonParams({ default: 16, max: 100_000, unit: 'commands', description: 'Commands issued, each for `sectors` sectors at the next LBAs.' }),
  portParam('base', P_WL + 0x00, 0x1f0, 'Command block base (primary channel).'),
  portParam('controlPort', P_WL + 0x04, 0x3f6, 'Control block: alternate status / device control.'),
  intParam('lba', P_WL + 0x08, 0, 0, 0x0fff_ffff, 'First LBA (28-bit); the disk must hold lba + iterations x sectors sectors.', 'sector'),
  intParam('sectors', P_WL + 0x0c, 8, 1, 128, 'Sectors per command.', 'sectors'),
];

const results: ResultField[] = [
  { name: 'sectors', description: 'Sectors transferred (one REP INSW/OUTSW of 256 words each).', offset: R_WL + 0x00, kind: 'u32', unit: 'sectors' },
  { name: 'statusReads', description: 'Status register reads (BSY/DRQ polls).', offset: R_WL + 0x04, kind: 'u32', unit: 'reads' },
  { name: 'checksum', description: '32-bit sum of the 16-bit words transferred.', offset: R_WL + 0x08, kind: 'u32' },
];

const derived: DerivedResult[] = [cyclesPer('cyclesPerSector', 'sectors'), rate('bytesPerSecond', 'sectors', 'bytes/s', 512), guestTime];

export const diskWorkloads: readonly WorkloadSpec[] = [
  workload({
    id: 'ata_read',
    title: 'ATA PIO sector read',
    description: 'READ SECTORS (28-bit LBA, polled with nIEN): per sector wait for DRQ and REP INSW 256 words.',
    devices: ['ata'], params, paramsSize: 0x30, results, resultsSize: 0x50, derived,
  }),
  workload({
    id: 'ata_write',
    title: 'ATA PIO sector write',
    description: 'WRITE SECTORS (28-bit LBA, polled with nIEN): per sector wait for DRQ and REP OUTSW 256 words; each sector holds its LBA.',
    devices: ['ata'], params, paramsSize: 0x30, results, resultsSize: 0x50, derived,
  }),
];
