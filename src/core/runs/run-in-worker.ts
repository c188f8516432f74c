// The storing side of an emulated run: starts run-worker.ts in a worker thread (worker-entry.ts
// finds it from sources and from the Electron bundle) and writes every batch it posts into the
// caller's SqliteExitWriter as it arrives, so the guest thread produces the next batch while this
// one is inserted (end to end ≈ the slower of the two). Where no worker can be started, the run
// happens in this thread with the writer as its sink: same rows, same report.
// Cancelling (signal) asks the guest thread to stop; the exits it recorded so far still arrive
// and the report says 'cancelled'. Any error (a guest thread's, or one while writing) rejects,
// after the thread has been stopped; the caller's transaction decides what is kept. A thread that
// finished its run waits (unref'd, up to IDLE_MS) for the next one: starting a thread from the
// TypeScript sources costs about a second, from the built bundle far less.
import { Worker } from 'node:worker_threads';
import { findProfile, loadProfiles } from '../cost/index';
import { ExitScopeError } from '../errors';
import type { SqliteExitWriter } from '../trace/store/exit-writer';
import { runMechanism } from '../vmm/run-mechanism';
import { findWorkerEntry } from '../worker-entry';
import type { WorkerEntry } from '../worker-entry';
import { CONTROL_CANCEL, CONTROL_IN_FLIGHT, CONTROL_SLOTS, plainReport } from './run-worker-protocol';
import type { RunWorkerMessage, RunWorkerStart, WorkerRunReport, WorkerRunRequest } from './run-worker-protocol';

export interface InWorkerOptions {
  signal?: AbortSignal;
  onProgress?: (p: { instructions: number; exits: number }) => void;
  /** Run in this thread even where a worker could be started. */
  inThread?: boolean;
}

async function runHere(req: WorkerRunRequest, writer: SqliteExitWriter, opts: InWorkerOptions): Promise<WorkerRunReport> {
  const profile = findProfile(loadProfiles({ dir: req.profileDir }), req.profileId);
  const report = await runMechanism({
    workload: req.workload, mechanism: req.mechanism, profile, params: req.params, user: req.user,
    maxInstructions: req.maxInstructions, deviceLocations: req.deviceLocations, sink: writer, signal: opts.signal,
    onProgress: opts.onProgress && ((p) => opts.onProgress!({ instructions: p.instructions, exits: p.exits })),
  });
  return plainReport(report);
}

/** A started run thread waiting for its next run (unref'd: it never keeps the process alive). */
let idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;
const IDLE_MS = 30_000;

function takeWorker(entry: WorkerEntry): Worker {
  if (idle) {
    const { worker, timer } = idle;
    idle = null;
    clearTimeout(timer);
    worker.ref();
    return worker;
  }
  return new Worker(entry.url, { workerData: { tsEntry: entry.tsEntry } });
}

function keepWorker(worker: Worker): void {
  worker.unref();
  if (idle) void idle.worker.terminate();
  const timer = setTimeout(() => {
    if (idle?.worker === worker) idle = null;
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle = { worker, timer };
}

export function runMechanismStored(req: WorkerRunRequest, writer: SqliteExitWriter, opts: InWorkerOptions = {}): Promise<WorkerRunReport> {
  const entry = opts.inThread ? null : findWorkerEntry(import.meta.url, './run-worker.ts', './run-worker.js');
  if (!entry) return runHere(req, writer, opts);
  const control = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const ctl = new Int32Array(control);
  const worker = takeWorker(entry);
  return new Promise<WorkerRunReport>((resolve, reject) => {
    let settled = false;
    const cancel = (): void => {
      Atomics.store(ctl, CONTROL_CANCEL, 1);
      Atomics.notify(ctl, CONTROL_IN_FLIGHT);
    };
    const onMessage = (m: RunWorkerMessage): void => {
      if (settled) return;
      try {
        if (m.kind === 'batch') {
          writer.pushPacked(m.batch);
          Atomics.sub(ctl, CONTROL_IN_FLIGHT, 1);
          Atomics.notify(ctl, CONTROL_IN_FLIGHT);
        } else if (m.kind === 'progress') opts.onProgress?.({ instructions: m.instructions, exits: m.exits });
        else if (m.kind === 'done') finish(null, m.report);
        else finish(m.errorKind ? new ExitScopeError(m.errorKind, m.message) : new Error(m.message), undefined, true);
      } catch (err) {
        finish(err as Error);
      }
    };
    const onError = (err: Error): void => finish(err);
    const onExit = (code: number): void => finish(new Error(`the ${req.mechanism} run thread of ${req.workload} stopped (exit code ${code}) before reporting`));
    /** The thread is kept for the next run only after a run it finished itself (report or error). */
    function finish(err: Error | null, report?: WorkerRunReport, reusable = err === null): void {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', cancel);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (reusable) keepWorker(worker);
      else void worker.terminate();
      if (err) reject(err);
      else resolve(report!);
    }
    opts.signal?.addEventListener('abort', cancel, { once: true });
    if (opts.signal?.aborted) cancel();
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    const start: RunWorkerStart = { kind: 'start', request: req, control };
    worker.postMessage(start);
  });
}
