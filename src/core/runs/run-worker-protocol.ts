// What the thread that stores a run (run-in-worker.ts) and the thread that runs the guest and the
// hypervisor model (run-worker.ts) say to each other. The guest thread posts packed exit batches
// (packed-exits.ts, buffers transferred), progress, and at the end its report or its error; the
// storing thread answers through a small shared Int32Array (no message round trip, so the guest
// thread can wait for it synchronously inside the exit sink). One thread serves runs one after
// another (RunWorkerStart):
//   CONTROL_IN_FLIGHT  batches posted but not yet stored; the guest thread waits while it is at
//                      MAX_IN_FLIGHT, so a slow disk never lets a long run pile up in memory
//   CONTROL_CANCEL     set to 1 to cancel: the guest thread stops at its next check and still
//                      posts every exit recorded so far and its report (stop kind 'cancelled')
import type { Mechanism } from '../cost/index';
import type { ErrorKind } from '../errors';
import type { DeviceLocation } from '../machine/device';
import type { DeviceKey } from '../machine/platform-config';
import type { PackedExits } from '../trace/packed-exits';
import type { MechanismRunReport } from '../vmm/run-mechanism';

export const CONTROL_IN_FLIGHT = 0;
export const CONTROL_CANCEL = 1;
export const CONTROL_SLOTS = 2;
export const MAX_IN_FLIGHT = 16;
/** Exits per posted batch. */
export const RUN_BATCH_EXITS = 8192;

/** One mechanism's run as the guest thread needs it (plain data: it is cloned into the thread). */
export interface WorkerRunRequest {
  workload: string;
  mechanism: Mechanism;
  profileId: string;
  profileDir: string | null;
  params: Record<string, number | string>;
  user?: Uint8Array;
  maxInstructions?: number;
  deviceLocations?: Partial<Record<DeviceKey, DeviceLocation>>;
}

/** The run report as plain data: the workload by id. */
export type WorkerRunReport = Omit<MechanismRunReport, 'workload'> & { workload: string };

/** The storing thread's one command: run this (the thread runs one request at a time and then
 * waits for the next, so a second run does not pay for starting a thread again). */
export interface RunWorkerStart {
  kind: 'start';
  request: WorkerRunRequest;
  /** CONTROL_SLOTS Int32 slots, fresh per run. */
  control: SharedArrayBuffer;
}

export type RunWorkerMessage =
  | { kind: 'batch'; batch: PackedExits }
  | { kind: 'progress'; instructions: number; exits: number }
  | { kind: 'done'; report: WorkerRunReport }
  | { kind: 'error'; message: string; errorKind: ErrorKind | null };

export function plainReport(r: MechanismRunReport): WorkerRunReport {
  return { ...r, workload: r.workload.id };
}
