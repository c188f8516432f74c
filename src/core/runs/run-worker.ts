// Worker-thread entry of an emulated run: runs one workload under one mechanism (runMechanism:
// guest + hypervisor model + pricing) with an ExitPacker as the exit sink, and posts the packed
// batches, progress and the final report to the storing thread (run-worker-protocol.ts). It
// touches no file: storing is the other thread's job, so both cores work at once. It serves one
// RunWorkerStart at a time, then waits for the next.
import { parentPort } from 'node:worker_threads';
import { findProfile, loadProfiles } from '../cost/index';
import { ExitScopeError } from '../errors';
import { ExitPacker } from '../trace/packed-exits';
import type { PackedExits } from '../trace/packed-exits';
import { runMechanism } from '../vmm/run-mechanism';
import { CONTROL_CANCEL, CONTROL_IN_FLIGHT, MAX_IN_FLIGHT, plainReport, RUN_BATCH_EXITS } from './run-worker-protocol';
import type { RunWorkerMessage, RunWorkerStart, WorkerRunRequest } from './run-worker-protocol';

const port = parentPort!;
const post = (m: RunWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

async function run(request: WorkerRunRequest, ctl: Int32Array): Promise<void> {
  const abort = new AbortController();
  const cancelRequested = (): boolean => Atomics.load(ctl, CONTROL_CANCEL) !== 0;
  const send = (batch: PackedExits): void => {
    for (;;) {
      const inFlight = Atomics.load(ctl, CONTROL_IN_FLIGHT);
      if (inFlight < MAX_IN_FLIGHT || cancelRequested()) break;
      Atomics.wait(ctl, CONTROL_IN_FLIGHT, inFlight, 100);
    }
    Atomics.add(ctl, CONTROL_IN_FLIGHT, 1);
    post({ kind: 'batch', batch }, [batch.nums.buffer, batch.strs.buffer]);
    if (cancelRequested()) abort.abort();
  };
  try {
    const profile = findProfile(loadProfiles({ dir: request.profileDir }), request.profileId);
    const packer = new ExitPacker(RUN_BATCH_EXITS, send);
    const report = await runMechanism({
      workload: request.workload, mechanism: request.mechanism, profile, params: request.params, user: request.user,
      maxInstructions: request.maxInstructions, deviceLocations: request.deviceLocations, sink: packer, signal: abort.signal,
      onProgress: (p) => {
        if (cancelRequested()) abort.abort();
        post({ kind: 'progress', instructions: p.instructions, exits: p.exits });
      },
    });
    packer.flush();
    post({ kind: 'done', report: plainReport(report) });
  } catch (err) {
    post({ kind: 'error', message: (err as Error).message, errorKind: err instanceof ExitScopeError ? err.kind : null });
  }
}

port.on('message', (m: RunWorkerStart) => {
  if (m.kind === 'start') void run(m.request, new Int32Array(m.control));
});
