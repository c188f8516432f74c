// The desktop shell builds: electron-vite bundles main (ESM, Node side), the preload (CommonJS,
// because a sandboxed preload can only require('electron')) and the renderer. Runs everywhere;
// launching the built app needs the Electron binary (electron-launch.test.ts). The workers the
// main bundle starts (KVM parsing, emulated runs) are run here from the built files.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SAMPLE_TRACEFS, EXPECTED } from '../helpers/sample-trace';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_IN_FLIGHT, CONTROL_SLOTS } from '../../src/core/runs/run-worker-protocol';
import type { RunWorkerMessage, RunWorkerStart } from '../../src/core/runs/run-worker-protocol';
import { WORKLOADS } from '../../src/core/workloads/catalogue';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('electron-vite build of the desktop app', () => {
  beforeAll(() => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-bin.mjs'), 'electron-vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
  });

  it('emits the main entry that package.json names', () => {
    const main = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string }).main;
    expect(existsSync(join(ROOT, main))).toBe(true);
  });

  it('emits the KVM parse worker next to the main entry, and it parses a trace', async () => {
    const worker = join(ROOT, 'out', 'main', 'kvm-parse-worker.js');
    expect(existsSync(worker)).toBe(true);
    // The main bundle resolves the worker relative to its own file.
    expect(readFileSync(join(ROOT, 'out', 'main', 'index.js'), 'utf8')).toContain('"./kvm-parse-worker.js"');
    const trace = join(mkdtempSync(join(tmpdir(), 'exitscope-worker-')), 'trace.txt');
    writeFileSync(trace, SAMPLE_TRACEFS);
    const w = new Worker(worker, { workerData: { path: trace } });
    const kinds: string[] = [];
    let exits = 0;
    await new Promise<void>((resolve, reject) => {
      w.on('message', (m: { kind: string; batch?: { n: number }; stats?: { exits: number } }) => {
        kinds.push(m.kind);
        if (m.kind === 'batch') {
          exits += m.batch!.n;
          w.postMessage({ kind: 'ack' });
        }
        if (m.kind === 'done') {
          expect(m.stats!.exits).toBe(EXPECTED.exits);
          resolve();
        }
      });
      w.on('error', reject);
    });
    await w.terminate();
    expect(exits).toBe(EXPECTED.exits);
    expect(kinds.at(-1)).toBe('done');
  });

  it('emits the run worker and the workload images, and the built worker runs a workload', async () => {
    const worker = join(ROOT, 'out', 'main', 'run-worker.js');
    expect(existsSync(worker)).toBe(true);
    for (const w of WORKLOADS) {
      for (const file of Object.values(w.binaries)) expect(existsSync(join(ROOT, 'out', 'main', 'bin', file))).toBe(true);
    }
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    const ctl = new Int32Array(control);
    const w = new Worker(worker);
    const start: RunWorkerStart = { kind: 'start', control, request: { workload: 'outl_to_kernel', mechanism: 'vmx', profileId: 'kvm-2012', profileDir: null, params: { iterations: 50 } } };
    let exits = 0;
    const report = await new Promise<RunWorkerMessage & { kind: 'done' }>((resolve, reject) => {
      w.on('message', (m: RunWorkerMessage) => {
        if (m.kind === 'batch') {
          exits += m.batch.n;
          Atomics.sub(ctl, CONTROL_IN_FLIGHT, 1);
          Atomics.notify(ctl, CONTROL_IN_FLIGHT);
        } else if (m.kind === 'done') resolve(m);
        else if (m.kind === 'error') reject(new Error(m.message));
      });
      w.on('error', reject);
      w.postMessage(start);
    });
    await w.terminate();
    expect(report.report.stop.kind).toBe('done');
    expect(report.report.results.status).toBe('done');
    expect(exits).toBe(report.report.exits);
    expect(exits).toBeGreaterThanOrEqual(50);
  });

  it('emits a CommonJS preload that requires nothing but electron', () => {
    const preload = readFileSync(join(ROOT, 'out', 'preload', 'index.cjs'), 'utf8');
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(requires.length).toBeGreaterThan(0);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/\bimport\s/);
  });

  it('emits the renderer with its CSP', () => {
    const html = readFileSync(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(readdirSync(join(ROOT, 'out', 'renderer', 'assets')).some((f) => f.endsWith('.js'))).toBe(true);
  });
});
