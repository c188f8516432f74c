// `npm run bench:machine` (second part): whole workloads on the machine — the i386 CPU, the PC
// devices and the port bus — with no hypervisor cost model attached. Each case runs in a fresh
// machine; figures are medians of several runs (after one warm-up run):
//   MIPS             guest instructions retired per host second (a REP instruction counts once)
//   port accesses/s  accesses the devices saw per host second (string I/O: one per element)
//   guest/host       guest seconds simulated per host second
// Interrupt-driven drivers spend most guest time halted, so their MIPS says little; the polled
// variants keep the CPU busy and are the MIPS figures the guest-platform issue targets (≥ 50).
import { Machine } from '../src/core/machine/machine';
import { pcPlatformConfig } from '../src/core/machine/platform-config';
import { getWorkload, loadWorkloadImage, patchParams } from '../src/core/workloads/index';

const HZ = 1_000_000_000;
const RUNS = 5;
const CASES: { label: string; id: string; params: Record<string, number | string> }[] = [
  { label: 'serial_polled', id: 'serial_polled', params: { iterations: 100 } },
  { label: 'serial_irq', id: 'serial_irq', params: { iterations: 100 } },
  { label: 'ne2000_tx poll', id: 'ne2000_tx', params: { iterations: 500, wait: 'poll' } },
  { label: 'ne2000_tx irq', id: 'ne2000_tx', params: { iterations: 500 } },
  { label: 'ne2000_pingpong poll', id: 'ne2000_pingpong', params: { iterations: 500, wait: 'poll' } },
  { label: 'ne2000_pingpong irq', id: 'ne2000_pingpong', params: { iterations: 500 } },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const c of CASES) {
  const image = patchParams(getWorkload(c.id), loadWorkloadImage(c.id, 'native'), c.params);
  const mips: number[] = [];
  const ports: number[] = [];
  const speed: number[] = [];
  let instructions = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const m = new Machine({ platform: pcPlatformConfig(HZ), image });
    const t0 = performance.now();
    const stop = m.runToEnd({ maxInstructions: 2_000_000_000 });
    const s = (performance.now() - t0) / 1000;
    if (stop.kind !== 'done') throw new Error(`${c.label}: ${stop.message}`);
    instructions = m.cpu.instructions;
    if (r === 0) continue; // warms the JIT
    mips.push(instructions / s / 1e6);
    ports.push(m.ports.total / s / 1e6);
    speed.push(m.platform.clock.nanos() / 1e9 / s);
  }
  console.log(`${c.label.padEnd(21)} ${median(mips).toFixed(1).padStart(6)} MIPS  ${median(ports).toFixed(1).padStart(5)} M port accesses/s  ` +
    `${median(speed).toFixed(2).padStart(6)} guest s per host s  (${instructions.toLocaleString('en-US')} instructions per run)`);
}
