// The other targets of `exitscope export`: `--perfetto FILE` (one trace's exits as Chrome Trace
// Event JSON for ui.perfetto.dev) and `--parquet DIR` (one or more traces as a Parquet dataset
// partitioned by trace). Progress on stderr; Ctrl-C cancels (a partial Perfetto file is removed).
import { createWriteStream, rmSync } from 'node:fs';
import { ExitScopeError } from '../../errors';
import type { Db } from '../../trace/store/open-trace-db';
import { writeParquetDataset } from '../../report/parquet';
import { writePerfetto } from '../../report/perfetto';
import { discardFile, TextSink } from '../../report/text-sink';
import type { CliIo } from '../command';
import { ProgressBar } from '../progress-bar';

export async function exportPerfetto(db: Db, ids: readonly number[], target: string, io: CliIo): Promise<void> {
  if (ids.length !== 1) throw new ExitScopeError('ValidationError', `--perfetto writes one trace; got ${ids.length} ids (export them one at a time)`);
  const bar = new ProgressBar(io, 'perfetto');
  const out = target === '-' ? process.stdout : createWriteStream(target);
  try {
    const sink = new TextSink(out);
    const n = await writePerfetto(db, ids[0]!, sink, { signal: io.signal, onProgress: (p) => bar.update(p.done, p.total, `${p.done.toLocaleString('en-US')} exits`) });
    await sink.end();
    bar.done();
    if (target !== '-') io.err(`wrote ${n.toLocaleString('en-US')} exits of trace ${ids[0]} as Chrome Trace Event JSON to ${target} (open it in https://ui.perfetto.dev)\n`);
  } catch (err) {
    bar.done();
    if (target !== '-') {
      await discardFile(out, target, (f) => rmSync(f, { force: true }));
    }
    throw err;
  }
}

export async function exportParquet(db: Db, ids: readonly number[], dir: string, io: CliIo): Promise<void> {
  const bar = new ProgressBar(io, 'parquet');
  try {
    const r = await writeParquetDataset(db, ids, dir, { signal: io.signal, onProgress: (p) => bar.update(p.done, p.total, `${p.stage} · ${p.done.toLocaleString('en-US')} exits`) });
    bar.done();
    io.err(`wrote ${r.exits.toLocaleString('en-US')} exits of ${r.traces} trace(s) as Parquet under ${r.dir} (exits/, traces/, reasons/, ports/, partitioned trace=N)\n`);
  } finally {
    bar.done();
  }
}
