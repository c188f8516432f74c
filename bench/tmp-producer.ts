// Scratch: the producer alone (runMechanism with an ExitPacker sink, as run-worker.ts does). Deleted when done.
import { findProfile, loadProfiles } from '../src/core/cost/index';
import { ExitPacker } from '../src/core/trace/packed-exits';
import { runMechanism } from '../src/core/vmm/run-mechanism';
import type { Mechanism } from '../src/core/cost/index';
const mech = (process.argv[2] ?? 'vmx') as Mechanism;
const prof = process.argv[3] ?? 'kvm-2012';
const iterations = Number(process.argv[4] ?? 1_000_000);
const profile = findProfile(loadProfiles({}), prof);
for (let rep = 0; rep < 3; rep++) {
  let rows = 0;
  const packer = new ExitPacker(4096, (b) => { rows += b.n; });
  const t0 = performance.now();
  const r = await runMechanism({ workload: 'outl_to_kernel', mechanism: mech, profile, params: { iterations }, sink: packer });
  packer.flush();
  const s = (performance.now() - t0) / 1000;
  console.log(`${mech} ${r.exits} exits rows ${rows} ${(r.exits / s / 1e6).toFixed(3)} M/s (${s.toFixed(2)}s)`);
}
