// `exitscope run --workload W ...`: runs a guest workload on the emulated machine (i386 CPU +
// PC devices). Without --mechanism: no hypervisor model attached; prints why it stopped, its
// results and every port it touched, per device. With --mechanism M[,M...] --profile P: once
// per mechanism under the hypervisor model, every exit recorded, priced and stored in the trace
// file (run-mechanisms.ts).
import { readFileSync } from 'node:fs';
import { runWorkload } from '../../machine/run-workload';
import type { WorkloadRunReport } from '../../machine/run-workload';
import type { Build } from '../../workloads/index';
import { ExitScopeError } from '../../errors';
import { parseArgs, parseIntArg } from '../args';
import { parseParams } from '../param-arg';
import type { CliCommand } from '../command';
import { ProgressBar } from '../progress-bar';
import { defaultLibraryPath, ensureParentDir } from '../../library-path';
import { runMechanisms } from './run-mechanisms';
import { parseMechanisms } from '../mechanism-arg';
import { parseDeviceLocations } from '../device-arg';
import { num, renderTable } from '../text-table';

function formatReport(r: WorkloadRunReport): string {
  let out = `${r.workload.id} (${r.build}): ${r.stop.kind} — ${r.stop.message}\n`;
  out += `${num(r.instructions)} guest instructions, ${num(r.cycles)} cycles, ${(r.guestNs / 1e6).toFixed(3)} ms of guest time\n`;
  const res = r.results;
  out += `guest status: ${res.status}, driver: ${res.errorName}, stage: ${res.stage}` +
    (res.exception ? `, exception ${JSON.stringify(res.exception)}` : '') + '\n\nResults\n';
  out += renderTable([{ header: 'name', align: 'left' }, { header: 'value' }], [
    ['cycles (tsc_end - tsc_start)', num(res.cycles)],
    ...Object.entries(res.fields).map(([k, v]) => [k, typeof v === 'number' ? num(v) : v]),
    ...Object.entries(res.derived).map(([k, v]) => [k, v === null ? '-' : Number.isInteger(v) ? num(v) : v.toFixed(3)]),
  ]);
  out += '\nPort accesses (each would be an exit under a trapping hypervisor; string I/O counts per element)\n';
  out += renderTable([{ header: 'port', align: 'left' }, { header: 'device', align: 'left' }, { header: 'location', align: 'left' }, { header: 'reads' }, { header: 'writes' }],
    r.ports.map((p) => ['0x' + p.port.toString(16).padStart(4, '0'), p.device, p.location, num(p.reads), num(p.writes)]));
  if (r.uartOutput) out += `\nUART output:\n${r.uartOutput}\n`;
  if (r.debugOutput) out += `\nDebug console (0xE9) output:\n${r.debugOutput}\n`;
  return out;
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a guest workload on the emulated machine',
  usage: 'exitscope run --workload W [--mechanism trap,vmx,svm,hypercall,batched,ring --profile P [--device DEVICE=kernel|userspace]... [--db FILE] [--profiles-dir DIR] | --build native|pv|both] [--param name=value]... [--user FILE] [--max-instructions N] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['workload', 'build', 'user', 'max-instructions', 'mechanism', 'profile', 'db', 'profiles-dir'], lists: ['param', 'device'], booleans: ['json'] });
    const workload = args.values.get('workload');
    if (!workload) throw new ExitScopeError('ValidationError', `--workload is required. Usage: ${this.usage}`);
    const buildArg = args.values.get('build') ?? 'native';
    if (!['native', 'pv', 'both'].includes(buildArg)) throw new ExitScopeError('ValidationError', `--build: expected native, pv or both, got ${buildArg}`);
    const builds: Build[] = buildArg === 'both' ? ['native', 'pv'] : [buildArg as Build];
    const maxArg = args.values.get('max-instructions');
    const maxInstructions = maxArg === undefined ? undefined : parseIntArg('--max-instructions', maxArg, 1);
    const userPath = args.values.get('user');
    let user: Uint8Array | undefined;
    if (userPath) {
      try {
        user = readFileSync(userPath);
      } catch (err) {
        throw new ExitScopeError('ValidationError', `--user ${userPath}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    const params = parseParams(workload, args.lists.get('param') ?? []);
    const mechanism = args.values.get('mechanism');
    if (mechanism !== undefined) {
      if (args.values.has('build')) throw new ExitScopeError('ValidationError', '--build and --mechanism do not go together: each mechanism picks its build (trap/vmx/svm native, hypercall/batched paravirtual)');
      const profileId = args.values.get('profile');
      if (!profileId) throw new ExitScopeError('ValidationError', '--mechanism needs --profile (see `exitscope profiles`)');
      const dbPath = args.values.get('db') ?? defaultLibraryPath();
      ensureParentDir(dbPath);
      return runMechanisms({
        workload, mechanisms: parseMechanisms(mechanism, this.usage), profileId, profileDir: args.values.get('profiles-dir'),
        dbPath, params, user, maxInstructions, deviceLocations: parseDeviceLocations(args.lists.get('device') ?? []),
      }, io, args.booleans.has('json'));
    }
    if (args.lists.has('device')) throw new ExitScopeError('ValidationError', '--device places device models for the hypervisor mechanisms: use it with --mechanism');
    const reports: WorkloadRunReport[] = [];
    let failed = false;
    for (const build of builds) {
      const bar = new ProgressBar(io, `${workload} (${build})`);
      const report = await runWorkload({
        workload, build, params, user, maxInstructions, signal: io.signal,
        onProgress: (p) => bar.update(0, null, `${num(p.instructions)} instructions`),
      });
      bar.done();
      if (report.stop.kind === 'cancelled') throw new ExitScopeError('Cancelled', `run of ${workload} was cancelled`);
      failed ||= report.stop.kind !== 'done' || report.results.status !== 'done';
      reports.push(report);
      if (!args.booleans.has('json')) io.out(formatReport(report) + '\n');
    }
    if (args.booleans.has('json')) io.out(JSON.stringify(reports.map((r) => ({ ...r, workload: r.workload.id })), null, 2) + '\n');
    return failed ? 1 : 0;
  },
};
