// Loading the committed workload binaries (src/core/workloads/bin) from disk.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { getWorkload } from './catalogue';
import type { Build } from './types';

/** The directory holding the built images (override for packaged apps that move it). */
export const DEFAULT_BIN_DIR = fileURLToPath(new URL('./bin', import.meta.url));

export function workloadBinaryPath(id: string, build: Build, binDir: string = DEFAULT_BIN_DIR): string {
  return join(binDir, getWorkload(id).binaries[build]);
}

export function loadWorkloadImage(id: string, build: Build, binDir: string = DEFAULT_BIN_DIR): Uint8Array {
  return new Uint8Array(readFileSync(workloadBinaryPath(id, build, binDir)));
}
