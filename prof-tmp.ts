import { rmSync } from 'node:fs';
import { importKvmTextFile } from './src/core/trace/import/import-kvm-file';
for (let i = 0; i < 2; i++) {
rmSync('/tmp/prof-db.exitscope', { force: true });
const t = performance.now(); const c = process.cpuUsage();
const o = await importKvmTextFile('/tmp/prof-db.exitscope', '/tmp/prof-trace.txt');
const cu = process.cpuUsage(c);
console.log('wall', ((performance.now() - t) / 1000).toFixed(2), 's cpu user', (cu.user / 1e6).toFixed(2), 'sys', (cu.system / 1e6).toFixed(2), o.stats.lines);
}
