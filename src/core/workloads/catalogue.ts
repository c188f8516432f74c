// The workload catalogue: every guest program ExitScope can run, each with a native and a
// paravirtual build (src/core/workloads/bin), its parameters and its results. The specs live
// in ./specs by family; this file only lists them in the order the UI shows them.
import { diskWorkloads } from './specs/disk';
import { exitWorkloads } from './specs/exits';
import { ioFormsWorkload, userWorkload } from './specs/io-forms';
import { netWorkloads } from './specs/net';
import { platformWorkloads } from './specs/platform';
import { serialWorkloads } from './specs/serial';
import type { WorkloadSpec } from './types';

export const WORKLOADS: readonly WorkloadSpec[] = [
  ...exitWorkloads,
  ...serialWorkloads,
  ...netWorkloads,
  ...diskWorkloads,
  ...platformWorkloads,
  ioFormsWorkload,
  userWorkload,
];

const byId = new Map(WORKLOADS.map((w) => [w.id, w]));

export class UnknownWorkloadError extends Error {
  constructor(readonly id: string) {
    super(`unknown workload "${id}" (known: ${WORKLOADS.map((w) => w.id).join(', ')})`);
    this.name = 'UnknownWorkloadError';
  }
}

export function getWorkload(id: string): WorkloadSpec {
  const w = byId.get(id);
  if (w === undefined) throw new UnknownWorkloadError(id);
  return w;
}
