// Runs one catalogue workload on the machine with no hypervisor model attached and reports
// what happened: why it stopped, the workload's decoded results, every port the guest touched
// (with the device behind it and where that device lives), and the console outputs. The CLI's
// `exitscope run` prints this; the hypervisor models build on the same machine.
import { ExitScopeError } from '../errors';
import { decodePreparedResults, prepareWorkload } from '../workloads/prepare';
import type { PreparedWorkload } from '../workloads/prepare';
import { UnknownWorkloadError } from '../workloads/index';
import type { Build, DecodedResults, WorkloadSpec } from '../workloads/index';
import { Machine } from './machine';
import type { MachineProgress, StopReason } from './machine';
import { DEFAULT_CPU_HZ, pcPlatformConfig } from './platform-config';

export interface WorkloadRunRequest {
  workload: string;
  build: Build;
  params?: Record<string, number | string>;
  user?: Uint8Array;
  cpuHz?: number;
  maxInstructions?: number;
  signal?: AbortSignal;
  onProgress?: (p: MachineProgress) => void;
}

export interface PortUse {
  port: number;
  device: string;
  location: string;
  reads: number;
  writes: number;
}

export interface WorkloadRunReport {
  workload: WorkloadSpec;
  build: Build;
  stop: StopReason;
  results: DecodedResults;
  instructions: number;
  cycles: number;
  guestNs: number;
  ports: PortUse[];
  uartOutput: string;
  debugOutput: string;
}

/** Default instruction budget: generous for every shipped workload at its default parameters. */
export const DEFAULT_MAX_INSTRUCTIONS = 2_000_000_000;

export async function runWorkload(req: WorkloadRunRequest): Promise<WorkloadRunReport> {
  let prepared: PreparedWorkload;
  try {
    prepared = prepareWorkload(req.workload, req.build, { params: req.params ?? {}, user: req.user });
  } catch (err) {
    throw new ExitScopeError(err instanceof UnknownWorkloadError ? 'NotFound' : 'ValidationError', (err as Error).message);
  }
  const cpuHz = req.cpuHz ?? DEFAULT_CPU_HZ;
  const m = new Machine({ platform: pcPlatformConfig(cpuHz), image: prepared.image, user: prepared.user?.bytes });
  const stop = await m.run({ maxInstructions: req.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS, signal: req.signal, onProgress: req.onProgress });
  const bus = m.platform.bus;
  const ports = m.ports.rows().map(({ port, reads, writes }) => {
    const owner = bus.ownerOf(port);
    return { port, device: owner.device.name, location: owner.device.location, reads, writes };
  });
  return {
    workload: prepared.spec,
    build: req.build,
    stop,
    results: decodePreparedResults(prepared, m.results(), cpuHz),
    instructions: m.cpu.instructions,
    cycles: m.cpu.cycles,
    guestNs: m.platform.clock.nanos(),
    ports,
    uartOutput: m.platform.devices.uart?.output ?? '',
    debugOutput: m.platform.devices.debugcon?.output ?? '',
  };
}
