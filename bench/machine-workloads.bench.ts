// `npm run bench:machine` (second part): guest MIPS of whole workloads on the machine — the
// i386 CPU, the PC devices and the port bus — with no hypervisor cost model attached. Each
// workload runs in a fresh machine; the figure is the median of several runs of guest
// instructions retired per host second.
import { Machine } from '../src/core/machine/machine';
import { pcPlatformConfig } from '../src/core/machine/platform-config';
import { getWorkload, loadWorkloadImage, patchParams } from '../src/core/workloads/index';

const HZ = 1_000_000_000;
const RUNS = 5;
const CASES: { id: string; params: Record<string, number | string> }[] = [
  { id: 'serial_polled', params: { iterations: 100 } },
  { id: 'ne2000_tx', params: { iterations: 500 } },
  { id: 'ne2000_pingpong', params: { iterations: 500 } },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const c of CASES) {
  const image = patchParams(getWorkload(c.id), loadWorkloadImage(c.id, 'native'), c.params);
  const mips: number[] = [];
  let instructions = 0;
  let ports = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const m = new Machine({ platform: pcPlatformConfig(HZ), image });
    const t0 = performance.now();
    const stop = m.runToEnd({ maxInstructions: 2_000_000_000 });
    const s = (performance.now() - t0) / 1000;
    if (stop.kind !== 'done') throw new Error(`${c.id}: ${stop.message}`);
    instructions = m.cpu.instructions;
    ports = m.ports.total;
    if (r > 0) mips.push(instructions / s / 1e6); // run 0 warms the JIT
  }
  console.log(`${c.id.padEnd(16)} ${median(mips).toFixed(1).padStart(7)} MIPS  (${instructions.toLocaleString('en-US')} instructions, ${ports.toLocaleString('en-US')} port accesses per run, median of ${RUNS})`);
}
