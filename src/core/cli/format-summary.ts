// Text rendering of a TraceSummary for `exitscope import` and `exitscope traces show`:
// exits by reason with latency percentiles, port-I/O exits by port/direction/size with device
// names and userspace round trips, and the events that were counted but not used.
import type { TraceSummary } from '../../shared/dto';
import { num, renderTable } from './text-table';

const hexPort = (p: number): string => '0x' + p.toString(16).padStart(4, '0');

export function formatSummary(s: TraceSummary): string {
  const t = s.trace;
  let out = `trace ${t.id} "${t.name}" (${t.format}): ${num(t.exitCount)} exits, ${num(t.ioExitCount)} port-I/O exits, ` +
    `${t.vcpuCount} vCPU${t.vcpuCount === 1 ? '' : 's'}, ${num(t.durationNs)} ns traced\n`;
  out += `port-I/O exits that went to the userspace device model: ${num(s.userspaceExits)}\n\n`;
  out += 'Exits by reason (latency in ns: exit to the next kvm_entry of the same vCPU)\n';
  out += renderTable(
    [{ header: 'reason', align: 'left' }, { header: 'trace names', align: 'left' }, { header: 'count' }, { header: 'closed' },
      { header: 'min' }, { header: 'p50' }, { header: 'p90' }, { header: 'p99' }, { header: 'max' }],
    s.reasons.map((r) => [r.reason, r.nativeNames.join(','), num(r.count), num(r.closed), num(r.minNs), num(r.p50Ns), num(r.p90Ns), num(r.p99Ns), num(r.maxNs)]),
  );
  if (s.ports.length > 0) {
    out += '\nPort-I/O exits by port\n';
    out += renderTable(
      [{ header: 'port', align: 'left' }, { header: 'device', align: 'left' }, { header: 'dir', align: 'left' }, { header: 'size' },
        { header: 'exits' }, { header: 'elements' }, { header: 'userspace' }, { header: 'p50' }, { header: 'p99' }, { header: 'max' }],
      s.ports.map((p) => [hexPort(p.port), p.device ?? '-', p.direction, String(p.size), num(p.count), num(p.elements), num(p.userspaceCount), num(p.p50Ns), num(p.p99Ns), num(p.maxNs)]),
    );
  }
  const facts = s.importFacts;
  if (facts) {
    out += `\nThe trace holds: ${facts.recorded.map((e) => `${e.event} ${num(e.count)}`).join(', ') || 'no kvm events'}\n`;
    for (const u of facts.unknown) out += `  unknown: ${u}\n`;
    const f = facts.flags;
    const flagged = [
      f.negativeLatency > 0 ? `${num(f.negativeLatency)} exit(s) whose kvm_entry is stamped before their kvm_exit (latency stored as unknown)` : '',
      f.timeBackwards > 0 ? `${num(f.timeBackwards)} exit(s) stamped earlier than their thread's previous event` : '',
      f.absurdTimestamps > 0 ? `${num(f.absurdTimestamps)} line(s) with a timestamp beyond any clock (skipped)` : '',
      f.overLongLines > 0 ? `${num(f.overLongLines)} line(s) over the 1 MiB line limit (skipped)` : '',
      f.emulationFailures > 0 ? `${num(f.emulationFailures)} exit(s) whose instruction emulation failed (kvm_emulate_insn)` : '',
    ].filter(Boolean);
    for (const x of flagged) out += `  flagged: ${x}\n`;
  }
  const skipped = s.events.filter((e) => !e.handled);
  if (skipped.length > 0) out += `\nOther events counted and skipped: ${skipped.map((e) => `${e.event} ${num(e.count)}`).join(', ')}\n`;
  if (s.skippedLines > 0) {
    out += `\n${num(s.skippedLines)} line(s) could not be parsed; the first:\n`;
    for (const i of s.firstIssues.slice(0, 5)) out += `  line ${i.line}: ${i.message}: ${i.text.slice(0, 160)}\n`;
  }
  return out;
}
