import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { generateKvmTraceLines } from './bench/gen-kvm-trace';
import { importKvmTextFile } from './src/core/trace/import/import-kvm-file';
const fmt = (process.argv[2] ?? 'tracefs') as 'tracefs';
const path = `/tmp/prof-${fmt}.txt`;
const out = createWriteStream(path);
let buf = '';
for (const l of generateKvmTraceLines(fmt, { lines: 1_000_000, seed: 1 })) { buf += l + '\n'; if (buf.length > 1 << 20) { out.write(buf); buf = ''; } }
out.end(buf); await once(out, 'finish');
for (let i = 0; i < 2; i++) {
  rmSync('/tmp/prof-db.exitscope', { force: true });
  const t = performance.now(); const c = process.cpuUsage();
  const o = await importKvmTextFile('/tmp/prof-db.exitscope', path, { inThread: process.argv[3] === 'in' });
  const cu = process.cpuUsage(c);
  console.log(fmt, 'wall', ((performance.now() - t) / 1000).toFixed(2), 's cpu', (cu.user / 1e6).toFixed(2), o.stats.exits, o.stats.skippedLines);
}
