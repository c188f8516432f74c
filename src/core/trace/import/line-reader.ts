// Streams a text file as lines without holding it in memory: 1 MiB reads, split on '\n'
// (a trailing '\r' is dropped), gunzip for *.gz. Yields batches of lines so the caller pays one
// await per chunk, not per line, and reports how many bytes of the file have been consumed.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface LineBatch {
  lines: string[];
  /** Bytes of the file (compressed bytes for .gz) read so far. */
  bytesRead: number;
}

export async function* readLineBatches(path: string): AsyncGenerator<LineBatch> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const text: Readable = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  text.setEncoding('utf8');
  if (text !== file) file.on('error', (err) => text.destroy(err));
  let rest = '';
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      const data = rest + chunk;
      const lines = data.split('\n');
      rest = lines.pop() ?? '';
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i]!;
        if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
      }
      yield { lines, bytesRead: file.bytesRead };
    }
    if (rest.length > 0) yield { lines: [rest.endsWith('\r') ? rest.slice(0, -1) : rest], bytesRead: file.bytesRead };
  } finally {
    file.destroy();
    if (text !== file) text.destroy();
  }
}
