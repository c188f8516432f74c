// Worker-thread entry: parses the file named in workerData with parseKvmFile and posts each
// event to the importing thread, transferring the batch buffers. Flow control: at most
// MAX_IN_FLIGHT batches are unacknowledged; the parser waits for an 'ack' before going on, so a
// slow writer never lets a 1 GB import pile up in memory. Errors are posted as { kind: 'error' }.
import { parentPort, workerData } from 'node:worker_threads';
import { parseKvmFile } from './kvm-parse';

const MAX_IN_FLIGHT = 4;
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { kind: 'ack' }) => {
  if (m.kind === 'ack') {
    inFlight--;
    wake?.();
    wake = null;
  }
});

async function run(): Promise<void> {
  try {
    const data = workerData as { path: string; rejoin?: boolean };
    for await (const ev of parseKvmFile(data.path, { rejoin: data.rejoin })) {
      if (ev.kind === 'batch') {
        while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
        inFlight++;
        port.postMessage(ev, [ev.batch.nums.buffer, ev.batch.strs.buffer]);
      } else {
        port.postMessage(ev);
      }
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    port.postMessage({ kind: 'error', message: e.message, code: e.code ?? null });
  }
  port.close();
}

void run();
