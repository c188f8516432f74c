// Writes a long KVM trace for tests that need an import to take a while (progress, cancel):
// the events of a small fixture repeated, each copy shifted later in time so timestamps keep
// increasing and every exit stays paired with its own kvm_entry.
import { readFileSync, writeFileSync } from 'node:fs';

const TIMESTAMP = / (\d+)\.(\d{6}): /;

export function writeRepeatedTrace(fixturePath: string, outPath: string, copies: number, periodUs = 1000): void {
  const events = readFileSync(fixturePath, 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  const parts = events.map((line) => {
    const m = TIMESTAMP.exec(line);
    if (!m || m.index === undefined) throw new Error(`no timestamp in: ${line}`);
    const start = m.index + 1;
    return { head: line.slice(0, start), us: Number(m[1]) * 1e6 + Number(m[2]), tail: line.slice(start + m[1]!.length + 7) };
  });
  const chunks: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const { head, us, tail } of parts) {
      const t = us + copy * periodUs;
      chunks.push(`${head}${Math.floor(t / 1e6)}.${String(t % 1e6).padStart(6, '0')}${tail}\n`);
    }
  }
  writeFileSync(outPath, chunks.join(''));
}
