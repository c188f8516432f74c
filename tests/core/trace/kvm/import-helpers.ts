// Test helpers: run KvmTextImporter over a fixture or an array of lines and collect what it
// pushes, ordered by seq. Expectations in the tests are hand-counted from the fixture texts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KvmTextImporter } from '../../../../src/core/trace/kvm';
import type { KvmImportStats } from '../../../../src/core/trace/kvm';
import type { ExitRecord } from '../../../../src/core/trace/exit-record';

export interface ImportResult {
  exits: ExitRecord[];
  /** seq numbers in the order the sink received them */
  pushOrder: number[];
  stats: KvmImportStats;
}

export function fixtureLines(name: string): string[] {
  const path = fileURLToPath(new URL(`../../../fixtures/kvm/${name}`, import.meta.url));
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function importLines(lines: readonly string[], maxIssues?: number): ImportResult {
  const exits: ExitRecord[] = [];
  const importer = new KvmTextImporter({ push: (e) => exits.push(e) }, maxIssues === undefined ? undefined : { maxIssues });
  lines.forEach((line, i) => importer.feedLine(line, i + 1));
  const stats = importer.finish();
  const pushOrder = exits.map((e) => e.seq);
  exits.sort((a, b) => a.seq - b.seq);
  return { exits, pushOrder, stats };
}

export function importFixture(name: string): ImportResult {
  return importLines(fixtureLines(name));
}

/** A 64-bit hex address as the signed number ExitRecord.rip holds (computed with BigInt). */
export function ripOf(hex: string): number {
  return Number(BigInt.asIntN(64, BigInt(hex)));
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}
