import { Machine } from './src/core/machine/machine';
import { pcPlatformConfig } from './src/core/machine/platform-config';
import { getWorkload, loadWorkloadImage, patchParams } from './src/core/workloads/index';
const image = patchParams(getWorkload('ne2000_tx'), loadWorkloadImage('ne2000_tx', 'native'), { iterations: 2000 });
for (let r = 0; r < 3; r++) {
  const m = new Machine({ platform: pcPlatformConfig(1e9), image });
  const t = performance.now();
  const stop = m.runToEnd({ maxInstructions: 2e9 });
  const s = (performance.now() - t) / 1000;
  console.log(stop.kind, m.cpu.instructions, m.ports.total, (m.cpu.instructions / s / 1e6).toFixed(1), 'MIPS', (m.ports.total / s / 1e6).toFixed(1), 'M ports/s', 'guest ms', (m.platform.clock.nanos() / 1e6).toFixed(1));
}
