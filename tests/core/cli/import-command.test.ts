// The real `exitscope` binary (bin/exitscope.mjs) in a child process: summary output, exit
// codes and error messages as a user sees them.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE_TRACEFS } from '../../helpers/sample-trace';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
const BIN = fileURLToPath(new URL('../../../bin/exitscope.mjs', import.meta.url));

function exitscope(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, EXITSCOPE_LIBRARY: tempPath() + '.exitscope' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('exitscope import', () => {
  it('prints exits by reason, ports with device names, userspace count and latency percentiles', () => {
    const file = tempPath() + '.txt';
    writeFileSync(file, SAMPLE_TRACEFS);
    const r = exitscope('import', file, '--db', tempPath() + '.exitscope');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('5 exits, 3 port-I/O exits, 2 vCPUs');
    expect(r.stdout).toContain('port-I/O exits that went to the userspace device model: 2');
    // IO_INSTRUCTION: 3 exits, latencies 2000, 9000, 13000 → min 2,000 p50 9,000 p90 13,000 p99 13,000 max 13,000
    expect(r.stdout).toMatch(/IO_INSTRUCTION\s+IO_INSTRUCTION\s+3\s+3\s+2,000\s+9,000\s+13,000\s+13,000\s+13,000/);
    expect(r.stdout).toMatch(/0x03f8\s+COM1\s+out\s+1\s+2\s+2\s+2/);
    expect(r.stdout).toMatch(/0x0064\s+i8042 status\/command \(keyboard\)\s+in\s+1\s+1\s+1\s+0/);
    expect(r.stdout).toMatch(/HLT\s+HLT\s+1\s+1\s+500,000/);
    expect(r.stdout).toContain('Other events counted and skipped: sched_switch 1');
  });

  it('prints JSON with --json', () => {
    const file = tempPath() + '.txt';
    writeFileSync(file, SAMPLE_TRACEFS);
    const r = exitscope('import', file, '--db', tempPath() + '.exitscope', '--json');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as { trace: { exitCount: number }; userspaceExits: number };
    expect(s.trace.exitCount).toBe(5);
    expect(s.userspaceExits).toBe(2);
  });

  it('says clearly what is wrong, with exit code 2', () => {
    const r = exitscope('import', '/no/such/trace.txt', '--db', tempPath() + '.exitscope');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('exitscope import: /no/such/trace.txt does not exist\n');
    const bad = exitscope('import', '--frobnicate');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown option --frobnicate');
    const notDb = tempPath() + '.exitscope';
    writeFileSync(notDb, 'not a database at all, just text\n');
    const file = tempPath() + '.txt';
    writeFileSync(file, SAMPLE_TRACEFS);
    const r3 = exitscope('import', file, '--db', notDb);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toContain(`${notDb} is not an ExitScope trace file`);
  });

  it('imports several files one by one, each with its result and --name pattern, and sums up', () => {
    const dbPath = tempPath() + '.exitscope';
    const a = tempPath() + '.txt';
    writeFileSync(a, SAMPLE_TRACEFS);
    const bad = tempPath() + '.txt';
    writeFileSync(bad, 'PERFILE2' + '\u0001'.repeat(64));
    const r = exitscope('import', a, bad, a, '--db', dbPath, '--name', 'run {n} of {file}');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`exitscope import: ${bad} is a binary perf recording (perf.data), not trace text: run \`perf script -i ${bad} > trace.txt\``);
    expect(r.stdout).toContain('2 of 3 files imported');
    expect(r.stdout).toMatch(/ok {7}.*: trace 1, 5 exits/);
    expect(r.stdout).toContain(`refused  ${bad}: ${bad} is a binary perf recording`);
    expect(r.stdout).toContain(`trace 2 "run 3 of ${a.split('/').pop()}"`);
    const list = exitscope('traces', '--db', dbPath);
    expect(list.stdout).toContain(`run 1 of ${a.split('/').pop()}`);
  });

  it('says what a partial recording holds and what cannot be known', () => {
    const file = tempPath() + '.txt';
    writeFileSync(file, SAMPLE_TRACEFS.split('\n').filter((l) => !l.includes('kvm_userspace_exit')).join('\n'));
    const r = exitscope('import', file, '--db', tempPath() + '.exitscope');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/The trace holds: kvm_exit 5, kvm_entry 5, kvm_pio 3/);
    expect(r.stdout).toContain('unknown: device location (in-kernel device or userspace device model): kvm_userspace_exit was not recorded');
  });

  it('lists its commands', () => {
    const r = exitscope('help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('import');
    expect(r.stdout).toContain('serve');
  });
});
