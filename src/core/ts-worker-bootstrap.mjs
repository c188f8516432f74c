// Worker-thread bootstrap for running a TypeScript worker entry from source (the CLI, serve
// and tests run the sources through tsx; Node 20 does not pass tsx's loader to new threads):
// registers tsx in this thread, then imports the entry named in workerData.tsEntry.
// Built bundles (the Electron app) start their compiled .js worker entries directly instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
