// Port-bus throughput: how many guest port accesses per second the bus and device models
// sustain, on the default PC platform. Each scenario is the access pattern of a workload
// (io_delay writes to 0x80, UART status polling, PM-timer reads, REP INSW from the ATA data
// port, NE2000 remote-DMA words, unassigned-port probes, a mix). Target: >= 10 million
// accesses/s overall. Run: node scripts/run-bin.mjs tsx bench/machine-ports.bench.ts [--check]
// (--check exits 1 when the mix falls below the target).
import { buildPlatform, type Platform } from '../src/core/machine/platform';
import { pcPlatformConfig } from '../src/core/machine/platform-config';

const TARGET = 10_000_000;
const ROUNDS = 2_000_000;

type Scenario = { name: string; setup?: (p: Platform) => void; step: (p: Platform, i: number) => void };

function startAtaRead(p: Platform): void {
  const b = p.bus;
  b.write(0x1f2, 1, 0); // 256 sectors
  b.write(0x1f3, 1, 0);
  b.write(0x1f4, 1, 0);
  b.write(0x1f5, 1, 0);
  b.write(0x1f6, 1, 0xe0);
  b.write(0x1f7, 1, 0x20);
}

const scenarios: Scenario[] = [
  { name: 'out 0x80 (io_delay)', step: (p) => p.bus.write(0x80, 1, 0) },
  { name: 'in unassigned port', step: (p) => p.bus.read(0x2e8, 1) },
  { name: 'in UART LSR', step: (p) => p.bus.read(0x3fd, 1) },
  { name: 'in PIC IMR', step: (p) => p.bus.read(0x21, 1) },
  { name: 'inl PM timer', step: (p) => p.bus.read(0xb008, 4) },
  {
    name: 'insw ATA data',
    setup: startAtaRead,
    step: (p, i) => {
      if ((i & 0xffff) === 0xffff) startAtaRead(p); // 256 sectors = 65536 words
      p.bus.read(0x1f0, 2);
    },
  },
  {
    name: 'outsw NE2000 data',
    setup: (p) => {
      p.bus.write(0x30e, 1, 0x49);
      p.bus.write(0x300, 1, 0x22);
    },
    step: (p) => p.bus.write(0x310, 2, 0xabcd),
  },
  {
    name: 'mix',
    setup: startAtaRead,
    step: (p, i) => {
      switch (i & 7) {
        case 0: p.bus.write(0x80, 1, 0); break;
        case 1: p.bus.read(0x3fd, 1); break;
        case 2: p.bus.read(0x21, 1); break;
        case 3: p.bus.read(0x300, 1); break;
        case 4: p.bus.read(0x71, 1); break;
        case 5: p.bus.read(0x2e8, 1); break;
        case 6: p.bus.write(0xe9, 1, 0x2e); break;
        default:
          if ((i & 0x7ffff) === 0x7ffff) startAtaRead(p);
          p.bus.read(0x1f0, 2);
      }
    },
  },
];

function run(s: Scenario): number {
  const p = buildPlatform(pcPlatformConfig(1_000_000_000));
  s.setup?.(p);
  for (let i = 0; i < ROUNDS / 10; i++) s.step(p, i); // warm up
  let best = 0;
  for (let trial = 0; trial < 3; trial++) {
    const start = performance.now();
    for (let i = 0; i < ROUNDS; i++) s.step(p, i);
    const seconds = (performance.now() - start) / 1000;
    best = Math.max(best, ROUNDS / seconds);
  }
  return best;
}

const results = scenarios.map((s) => ({ name: s.name, perSecond: run(s) }));
for (const r of results) console.log(`${r.name.padEnd(22)} ${(r.perSecond / 1e6).toFixed(1).padStart(7)} M accesses/s`);
const mix = results.find((r) => r.name === 'mix')?.perSecond ?? 0;
console.log(`port bus throughput (mix): ${(mix / 1e6).toFixed(1)} M accesses/s (target ${TARGET / 1e6} M)`);
if (process.argv.includes('--check') && mix < TARGET) process.exit(1);
