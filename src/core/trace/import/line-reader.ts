// Streams a text file as lines without holding it in memory: 1 MiB reads, split on '\n'
// (a trailing '\r' is dropped), gunzip for gzip files (by magic, not by name). Yields batches of lines so the caller pays one
// await per chunk, not per line, and reports how many bytes of the file have been consumed.
//
// Linear time whatever the line lengths: each chunk is searched for '\n' once; the unfinished
// line at a chunk's end is kept as a list of pieces and joined only when its '\n' arrives, so a
// long line is never re-scanned. A line longer than MAX_LINE_CHARS is not kept at all: its
// pieces are dropped as they come and it is yielded as an over-long-line marker (overLongLine),
// which the importer counts as a bad line.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { MAX_LINE_CHARS, overLongLine } from '../kvm/over-long-line';

export { MAX_LINE_CHARS, overLongLine, overLongLength } from '../kvm/over-long-line';

export interface LineBatch {
  lines: string[];
  /** Bytes of the file (compressed bytes for .gz) read so far. */
  bytesRead: number;
}

/** Splits text chunks into lines; push() returns the lines completed by a chunk. */
export class LineSplitter {
  private pieces: string[] = [];
  private pendingChars = 0;
  private overLong = false;

  constructor(private readonly maxChars = MAX_LINE_CHARS) {}

  push(chunk: string): string[] {
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      this.emit(out, chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk, start, chunk.length);
    return out;
  }

  /** The last line when the text does not end with '\n'. */
  end(): string[] {
    const out: string[] = [];
    if (this.pendingChars > 0 || this.overLong) this.emit(out, '', 0, 0);
    return out;
  }

  private keep(chunk: string, from: number, to: number): void {
    this.pendingChars += to - from;
    if (this.overLong) return;
    if (this.pendingChars > this.maxChars) {
      this.overLong = true;
      this.pieces = [];
      return;
    }
    this.pieces.push(from === 0 && to === chunk.length ? chunk : chunk.slice(from, to));
  }

  private emit(out: string[], chunk: string, from: number, to: number): void {
    if (this.pendingChars === 0 && !this.overLong) {
      if (to - from > this.maxChars) out.push(overLongLine(to - from));
      else out.push(trimCr(chunk.slice(from, to)));
      return;
    }
    this.keep(chunk, from, to);
    if (this.overLong) out.push(overLongLine(this.pendingChars));
    else out.push(trimCr(this.pieces.join('')));
    this.pieces = [];
    this.pendingChars = 0;
    this.overLong = false;
  }
}

function trimCr(l: string): string {
  return l.length > 0 && l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l;
}

/** A file that is not trace text, found from its first bytes; code says what it is. */
export class NotTraceTextError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];
const TRACE_DAT_MAGIC = Buffer.from('\x17\x08\x44tracing', 'latin1');
const SNIFF_BYTES = 1 << 16;

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuse text that is not trace text from its first bytes (after gunzip): the binary files that
 * the trace tools write and their text is printed from, SQLite files, and binary data.
 */
export function sniffHead(head: Buffer, file: string): void {
  if (head.subarray(0, TRACE_DAT_MAGIC.length).equals(TRACE_DAT_MAGIC)) {
    throw new NotTraceTextError(`${file} is a binary trace-cmd recording (trace.dat), not trace text: ` +
      `run \`trace-cmd report -i ${file} > trace.txt\` and import trace.txt`, 'ES_TRACE_DAT');
  }
  const magic8 = head.subarray(0, 8).toString('latin1');
  if (magic8 === 'PERFILE2' || magic8 === 'PERFFILE') {
    throw new NotTraceTextError(`${file} is a binary perf recording (perf.data), not trace text: ` +
      `run \`perf script -i ${file} > trace.txt\` and import trace.txt`, 'ES_PERF_DATA');
  }
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') {
    throw new NotTraceTextError(`${file} is a SQLite database (an ExitScope trace file?), not trace text: ` +
      'open it with --db FILE (or File > Open in the app) instead of importing it', 'ES_SQLITE');
  }
  const nul = head.subarray(0, SNIFF_BYTES).indexOf(0);
  if (nul >= 0) {
    throw new NotTraceTextError(`${file} holds binary data (a NUL byte at offset ${nul}), not trace text as printed by ` +
      'tracefs, `trace-cmd report` or `perf script`', 'ES_BINARY');
  }
}

/**
 * The file's lines in batches. Gzip is recognised by its magic bytes (whatever the name); the
 * first decoded bytes are checked by sniffHead. Invalid UTF-8 becomes U+FFFD (the line then
 * fails to parse and is counted, it does not stop the import).
 */
export async function* readLineBatches(path: string): AsyncGenerator<LineBatch> {
  const start = readHead(path, 2);
  const gz = start.length === 2 && start[0] === GZIP_MAGIC[0] && start[1] === GZIP_MAGIC[1];
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const text: Readable = gz ? file.pipe(createGunzip()) : file;
  if (text !== file) file.on('error', (err) => text.destroy(err));
  const splitter = new LineSplitter();
  const decoder = new StringDecoder('utf8');
  let head: Buffer | null = Buffer.alloc(0);
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      if (head !== null) {
        head = Buffer.concat([head, chunk]);
        if (head.length < SNIFF_BYTES) continue;
        sniffHead(head, path);
        yield { lines: splitter.push(decoder.write(head)), bytesRead: file.bytesRead };
        head = null;
        continue;
      }
      yield { lines: splitter.push(decoder.write(chunk)), bytesRead: file.bytesRead };
    }
    const rest: string[] = [];
    if (head !== null && head.length > 0) {
      sniffHead(head, path);
      rest.push(...splitter.push(decoder.write(head)));
    }
    rest.push(...splitter.push(decoder.end()), ...splitter.end());
    if (rest.length > 0) yield { lines: rest, bytesRead: file.bytesRead };
  } finally {
    file.destroy();
    if (text !== file) text.destroy();
  }
}
