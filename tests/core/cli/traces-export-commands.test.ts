// `exitscope traces` and `exitscope export` on a trace file made by `exitscope import`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv';
import { SAMPLE_TRACEFS } from '../../helpers/sample-trace';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
const BIN = fileURLToPath(new URL('../../../bin/exitscope.mjs', import.meta.url));
const db = tempPath() + '.exitscope';

function exitscope(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const file = tempPath() + '.txt';
  writeFileSync(file, SAMPLE_TRACEFS);
  expect(exitscope('import', file, '--db', db, '--name', 'sample').status).toBe(0);
});

describe('exitscope traces / export', () => {
  it('lists the stored traces', () => {
    const r = exitscope('traces', '--db', db);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1\s+sample\s+imported\s+tracefs\s+5\s+3\s+2/);
  });

  it('shows a summary and reports an unknown id', () => {
    expect(exitscope('traces', 'show', '1', '--db', db).stdout).toContain('trace 1 "sample"');
    const missing = exitscope('traces', 'show', '9', '--db', db);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no trace with id 9');
  });

  it('exports every exit as CSV in seq order', () => {
    const out = tempPath() + '.csv';
    const r = exitscope('export', '1', '--csv', out, '--db', db);
    expect(r.status).toBe(0);
    const { columns, rows } = parseCsv(readFileSync(out, 'utf8'));
    expect(columns.slice(0, 4)).toEqual(['seq', 'time_ns', 'vcpu', 'rip']);
    expect(rows).toHaveLength(5);
    // First exit of the sample: OUT 0x41 to COM1 at 1000.000100 s, 9 µs, to userspace.
    expect(rows[0]).toMatchObject({
      seq: '0', time_ns: '1000000100000', reason: 'IO_INSTRUCTION', port: '0x3f8', direction: 'out', value: '0x41',
      latency_ns: '9000', device_location: 'userspace', mnemonic: 'out dx, al', rip: '0xffffffff8102a1c2', cost_total: '',
    });
    expect(rows.map((r) => Number(r.seq))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('exitscope reprice', () => {
  it('re-prices the imported trace under a hypercall path and stores a derived trace', () => {
    const r = exitscope('reprice', '1', '--mechanism', 'hypercall', '--profile', 'kvm-2012', '--db', db);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^trace 1 under hypercall \(kvm-2012\): 3 port-I\/O exits re-priced, .* left out: 2 not port I\/O, 0 of unknown form; stored as derived trace 2\n$/);
    expect(exitscope('traces', '--db', db).stdout).toMatch(/2\s+sample repriced hypercall kvm-2012\s+derived/);
    const bad = exitscope('reprice', '1', '--mechanism', 'warp', '--profile', 'kvm-2012', '--db', db);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown mechanism "warp"');
  });
});
