// Where parsing runs during an import: in a worker thread when one can be started (the
// parser and the SQLite writer then use both cores), otherwise in the importing thread. Both
// yield the same ParseEvents from parseKvmFile. From TypeScript sources (CLI, tests) the worker
// loads its .ts entry through tsx; from the Electron bundle it loads the built
// kvm-parse-worker.js that electron.vite.config.ts emits next to the main entry (worker-entry.ts).
import { Worker } from 'node:worker_threads';
import { parseKvmFile } from './kvm-parse';
import type { ParseEvent } from './kvm-parse';
import { findWorkerEntry } from '../../worker-entry';
import type { WorkerEntry } from '../../worker-entry';

type WorkerMessage = ParseEvent | { kind: 'error'; message: string; code: string | null };

export class ParseReadError extends Error {
  constructor(message: string, readonly code: string | null) {
    super(message);
  }
}

function workerEntry(): WorkerEntry | null {
  return findWorkerEntry(import.meta.url, './kvm-parse-worker.ts', './kvm-parse-worker.js');
}

async function* parseInWorker(path: string, entry: WorkerEntry, signal: AbortSignal | undefined, rejoin: boolean): AsyncGenerator<ParseEvent> {
  const worker = new Worker(entry.url, { workerData: { path, rejoin, tsEntry: entry.tsEntry } });
  const queue: (WorkerMessage | { kind: 'exit'; error?: Error })[] = [];
  let wake: (() => void) | null = null;
  const deliver = (m: WorkerMessage | { kind: 'exit'; error?: Error }): void => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', (m: WorkerMessage) => deliver(m));
  worker.on('error', (error: Error) => deliver({ kind: 'exit', error }));
  worker.on('exit', () => deliver({ kind: 'exit' }));
  const onAbort = (): void => void worker.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      if (m.kind === 'exit') {
        if (m.error) throw m.error;
        if (signal?.aborted) return;
        throw new Error('the trace parser thread stopped before finishing');
      }
      if (m.kind === 'error') throw new ParseReadError(m.message, m.code);
      yield m;
      if (m.kind === 'batch') worker.postMessage({ kind: 'ack' });
      if (m.kind === 'done') return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    void worker.terminate();
  }
}

/** Parse events for the file, from a worker thread when possible (`inThread` forces the fallback). */
export function parseKvmFileEvents(path: string, options: { signal?: AbortSignal; inThread?: boolean; rejoin?: boolean } = {}): AsyncGenerator<ParseEvent> {
  const entry = options.inThread ? null : workerEntry();
  return entry ? parseInWorker(path, entry, options.signal, options.rejoin ?? false) : parseKvmFile(path, { rejoin: options.rejoin });
}
