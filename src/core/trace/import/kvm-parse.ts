// Parsing one KVM trace text file into packed exit batches, as an async stream of events:
//   batch     a PackedExits of up to BATCH_EXITS exits (in close order), with progress so far
//   progress  after each chunk of lines read, even when it completed no exit
//   done      the importer's final statistics
// The same generator runs inside the parse worker (kvm-parse-worker.ts) or, where no worker
// can be started, in the importing thread itself (kvm-parse-source.ts picks).
import { KvmTextImporter } from '../kvm/kvm-text-importer';
import type { KvmImportStats } from '../kvm/kvm-text-importer';
import { ExitPacker } from '../packed-exits';
import type { PackedExits } from '../packed-exits';
import { readLineBatches } from './line-reader';
import { LineRejoiner } from '../kvm/rejoin';

export const BATCH_EXITS = 8192;

export interface ParseProgress {
  bytesRead: number;
  lines: number;
  exits: number;
}

export type ParseEvent =
  | { kind: 'batch'; batch: PackedExits; progress: ParseProgress }
  | { kind: 'progress'; progress: ParseProgress }
  | { kind: 'done'; stats: KvmImportStats; progress: ParseProgress };

export interface ParseOptions {
  /** Join lines broken by a mailer back to their event line first (rejoin.ts). */
  rejoin?: boolean;
}

export async function* parseKvmFile(path: string, options: ParseOptions = {}): AsyncGenerator<ParseEvent> {
  const ready: PackedExits[] = [];
  const packer = new ExitPacker(BATCH_EXITS, (b) => ready.push(b));
  const importer = new KvmTextImporter(packer);
  const rejoiner = options.rejoin ? new LineRejoiner((line, no) => importer.feedLine(line, no)) : null;
  let lines = 0;
  let exits = 0;
  let bytesRead = 0;
  const progress = (): ParseProgress => ({ bytesRead, lines, exits });
  for await (const chunk of readLineBatches(path)) {
    if (rejoiner) for (const line of chunk.lines) rejoiner.push(line, ++lines);
    else for (const line of chunk.lines) importer.feedLine(line, ++lines);
    bytesRead = chunk.bytesRead;
    if (ready.length === 0) {
      yield { kind: 'progress', progress: progress() };
      continue;
    }
    while (ready.length > 0) {
      const batch = ready.shift()!;
      exits += batch.n;
      yield { kind: 'batch', batch, progress: progress() };
    }
  }
  rejoiner?.flush();
  const stats = importer.finish();
  packer.flush();
  for (const batch of ready) {
    exits += batch.n;
    yield { kind: 'batch', batch, progress: progress() };
  }
  yield { kind: 'done', stats, progress: progress() };
}
