// Runs one catalogue workload on the machine with no hypervisor model attached and reports
// what happened: why it stopped, the workload's decoded results, every port the guest touched
// (with the device behind it and where that device lives), and the console outputs. The CLI's
// `exitscope run` prints this; the hypervisor models build on the same machine.
import { ExitScopeError } from '../errors';
import { decodeResults, getWorkload, loadWorkloadImage, patchParams, resolveParams } from '../workloads/index';
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
  let spec: WorkloadSpec;
  try {
    spec = getWorkload(req.workload);
  } catch (err) {
    throw new ExitScopeError('NotFound', (err as Error).message);
  }
  const cpuHz = req.cpuHz ?? DEFAULT_CPU_HZ;
  let params;
  let image;
  try {
    params = resolveParams(spec, req.params ?? {});
    image = patchParams(spec, loadWorkloadImage(spec.id, req.build), req.params ?? {});
  } catch (err) {
    throw new ExitScopeError('ValidationError', `${spec.id}: ${(err as Error).message}`);
  }
  const m = new Machine({ platform: pcPlatformConfig(cpuHz), image, user: req.user });
  const stop = await m.run({ maxInstructions: req.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS, signal: req.signal, onProgress: req.onProgress });
  const bus = m.platform.bus;
  const ports = m.ports.rows().map(({ port, reads, writes }) => {
    const owner = bus.ownerOf(port);
    return { port, device: owner.device.name, location: owner.device.location, reads, writes };
  });
  return {
    workload: spec,
    build: req.build,
    stop,
    results: decodeResults(spec, m.results(), { params, cpuHz }),
    instructions: m.cpu.instructions,
    cycles: m.cpu.cycles,
    guestNs: m.platform.clock.nanos(),
    ports,
    uartOutput: m.platform.devices.uart?.output ?? '',
    debugOutput: m.platform.devices.debugcon?.output ?? '',
  };
}
