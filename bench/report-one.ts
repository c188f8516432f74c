// One measured output of `npm run bench:report`, in its own process so its peak memory (max RSS)
// is its own: writes trace ID of trace file DB in FORMAT to OUT and prints one JSON line
// { seconds, maxRssMb, bytes }. FORMAT: html, pdf, md, json, json-exits, perfetto, parquet, csv,
// or none (opens the file and exits: the process's own baseline).
import { createWriteStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from '../src/core/cli/args';
import { writeParquetDataset } from '../src/core/report/parquet';
import { libraryLookups } from '../src/core/report/report-context';
import { writeReport } from '../src/core/report/write-report';
import { writeExitsCsv } from '../src/core/trace/export/export-csv';
import { openTraceDb } from '../src/core/trace/store/open-trace-db';

/** Σ file sizes under a directory. */
function dirBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

const args = parseArgs(process.argv.slice(2), { values: ['db', 'id', 'format', 'out'] });
const db = openTraceDb(args.values.get('db')!, { create: false, readonly: true });
const id = Number(args.values.get('id'));
const format = args.values.get('format')!;
const out = args.values.get('out')!;
const t0 = performance.now();
let bytes = 0;
if (format === 'parquet') {
  await writeParquetDataset(db, [id], out);
  bytes = dirBytes(out);
} else if (format === 'csv') {
  const stream = createWriteStream(out);
  await writeExitsCsv(db, id, stream);
  stream.end();
  await finished(stream);
  bytes = statSync(out).size;
} else if (format !== 'none') {
  const f = format === 'json-exits' ? 'json' : format;
  const written = await writeReport(db, [id], createWriteStream(out), {
    format: f as 'html' | 'pdf' | 'md' | 'json' | 'perfetto', exits: format === 'json-exits', version: 'bench', ...libraryLookups(args.values.get('db')!),
  });
  bytes = written.bytes;
}
const seconds = (performance.now() - t0) / 1000;
db.close();
console.log(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes }));
