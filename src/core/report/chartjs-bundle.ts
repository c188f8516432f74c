// Chart.js for the HTML report: its UMD bundle read from the installed chart.js package (the
// version the app draws with) and inlined into the report, so the file draws its charts
// offline, with no CDN. The source-map comment is dropped (a browser would try to fetch it).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ExitScopeError } from '../errors';

let cached: string | null = null;

export function chartJsBundle(): string {
  if (cached !== null) return cached;
  let file: string;
  try {
    const main = createRequire(import.meta.url).resolve('chart.js');
    file = join(dirname(main), 'chart.umd.min.js');
  } catch {
    throw new ExitScopeError('NotFound', 'the HTML report needs the chart.js package (npm install chart.js): it is inlined into the report to draw its charts');
  }
  if (!existsSync(file)) throw new ExitScopeError('NotFound', `the HTML report needs Chart.js's UMD bundle, ${file}, which is missing (reinstall chart.js)`);
  cached = readFileSync(file, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
  if (cached.includes('</script')) throw new ExitScopeError('NotFound', `${file} contains "</script", which cannot be inlined`);
  return cached;
}
