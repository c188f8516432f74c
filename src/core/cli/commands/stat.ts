// `exitscope stat <id> [--event reason|port] [--vcpu N] [--key K] [--rate] [--db FILE] [--json]`:
// `perf kvm stat report` for a stored trace (analysis/stat.ts): per exit reason (perf's
// --event=vmexit) or per port group (--event=ioport) samples, samples %, time %, min, max,
// mean ± stddev, p50/p90/p99 (and port operations), sorted by --key (perf's sample, time,
// max_t, min_t, mean_t, and stddev, p50, p90, p99, ops, name); --vcpu filters to one vCPU;
// the per-vCPU breakdown follows; --rate adds exits per second over time.
import { exitRate, statReport } from '../../analysis/stat';
import type { StatEvent, StatKey, StatReport } from '../../../shared/compare';
import { STAT_KEYS } from '../../../shared/compare';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { num, renderTable } from '../text-table';

/** perf kvm stat's own key names, mapped to ours. */
const PERF_KEYS: Record<string, StatKey> = { max_t: 'max', min_t: 'min', mean_t: 'mean' };
const EVENTS: Record<string, StatEvent> = { reason: 'reason', vmexit: 'reason', port: 'port', ioport: 'port' };

const pct = (share: number | null): string => (share === null ? '-' : `${(share * 100).toFixed(2)}%`);

export function formatStat(r: StatReport): string {
  const who = r.vcpu === null ? 'all vCPUs' : `vCPU ${r.vcpu}`;
  let out = `Analyze events of trace ${r.traceId}, ${who} (latency = ${r.latencyMeaning}):\n\n`;
  const port = r.event === 'port';
  out += renderTable(
    [{ header: port ? 'port' : 'VM-EXIT', align: 'left' }, { header: 'Samples' }, { header: 'Samples%' }, { header: 'Time%' }, { header: 'Min ns' },
      { header: 'Max ns' }, { header: 'Mean ns' }, { header: '± stddev' }, { header: 'p50' }, { header: 'p90' }, { header: 'p99' }, ...(port ? [{ header: 'ops' }] : [])],
    r.rows.map((x) => [x.label, num(x.count), pct(x.samplesShare), pct(x.timeShare), num(x.minNs), num(x.maxNs), num(x.meanNs), num(x.stddevNs),
      num(x.p50Ns), num(x.p90Ns), num(x.p99Ns), ...(port ? [num(x.ops)] : [])]),
  );
  out += `\nTotal Samples: ${num(r.total.count)}, Total events handled time: ${num(r.total.totalNs)} ns. Sorted by ${r.key}.\n`;
  if (r.vcpus.length > 0) {
    out += '\nPer vCPU\n' + renderTable(
      [{ header: 'vCPU' }, { header: 'Samples' }, { header: 'Samples%' }, { header: 'Min ns' }, { header: 'Max ns' }, { header: 'Mean ns' }, { header: 'Total ns' }],
      r.vcpus.map((v) => [String(v.vcpu), num(v.count), pct(v.samplesShare), num(v.minNs), num(v.maxNs), num(v.meanNs), num(v.totalNs)]),
    );
  } else if (!r.perVcpuRecorded) {
    out += '\nPer vCPU: not recorded (the trace was stored before per-vCPU summaries existed).\n';
  }
  return out;
}

export const statCommand: CliCommand = {
  name: 'stat',
  summary: 'perf kvm stat report for a stored trace: per reason or port, sortable, per vCPU',
  usage: 'exitscope stat <id> [--event reason|port] [--vcpu N] [--key sample|time|min|max|mean|stddev|p50|p90|p99|ops|name] [--rate] [--db FILE] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['db', 'event', 'vcpu', 'key'], booleans: ['json', 'rate'] });
    const traceId = Number(args.positionals[0]);
    if (!Number.isSafeInteger(traceId) || traceId <= 0 || args.positionals.length !== 1) throw new ExitScopeError('ValidationError', `expected one trace id. Usage: ${this.usage}`);
    const eventArg = args.values.get('event') ?? 'reason';
    const event = EVENTS[eventArg];
    if (!event) throw new ExitScopeError('ValidationError', `--event: expected reason (vmexit) or port (ioport), got ${eventArg}`);
    const keyArg = args.values.get('key') ?? 'sample';
    const key = PERF_KEYS[keyArg] ?? keyArg;
    if (!(STAT_KEYS as readonly string[]).includes(key)) throw new ExitScopeError('ValidationError', `--key: expected one of ${STAT_KEYS.join(', ')}, got ${keyArg}`);
    const vcpuArg = args.values.get('vcpu');
    const vcpu = vcpuArg === undefined ? null : Number(vcpuArg);
    if (vcpu !== null && (!Number.isSafeInteger(vcpu) || vcpu < 0)) throw new ExitScopeError('ValidationError', `--vcpu: expected a vCPU number, got ${vcpuArg}`);
    const db = openTraceDb(args.values.get('db') ?? defaultLibraryPath(), { create: false, readonly: true });
    try {
      const report = statReport(db, traceId, { event, vcpu, key: key as StatKey });
      const rate = args.booleans.has('rate') ? exitRate(db, traceId, vcpu) : null;
      if (args.booleans.has('json')) {
        io.out(JSON.stringify(rate ? { ...report, rate } : report, null, 2) + '\n');
        return 0;
      }
      io.out(formatStat(report));
      if (rate) {
        io.out(`\nExits per second (${rate.derivation})\n` + renderTable([{ header: 'from ns' }, { header: 'exits' }, { header: 'exits/s' }],
          rate.points.map((p) => [num(p.startNs), num(p.exits), num(p.perSecond)])));
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
