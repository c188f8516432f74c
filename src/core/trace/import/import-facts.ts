// What an imported trace holds and what its events cannot tell, in words, stored with the
// trace (traces.meta_json.facts) and shown with its summary. A partial recording (kvm_pio
// alone, kvm_mmio alone, ...) imports, and these facts say what is missing because of it.
import type { ImportFacts } from '../../../shared/dto';
import type { KvmImportStats } from '../kvm/kvm-text-importer';

export function importFactsOf(stats: KvmImportStats): ImportFacts {
  const count = (name: string): number => stats.events.find((e) => e.event === name)?.count ?? 0;
  const recorded = stats.events.filter((e) => e.handled);
  const unknown: string[] = [];
  const exits = count('kvm_exit');
  const entries = count('kvm_entry');
  if (exits === 0) {
    unknown.push('exits of other kinds: kvm_exit was not recorded, so only the exits that printed one of the recorded events are known');
  }
  if (exits === 0 || entries === 0) {
    unknown.push(`exit latency: ${exits === 0 ? 'kvm_exit' : 'kvm_entry'} was not recorded, so no exit has a latency`);
  }
  if (exits > 0 && stats.standaloneExits > 0) {
    unknown.push(`latency and device location of ${stats.standaloneExits} exit(s) whose kvm_exit is not in the trace (recorded by another event only)`);
  }
  if (stats.untimedEvents > 0) {
    unknown.push(`time and latency of the exits printed without a time column (${stats.untimedEvents} lines; perf script -F without time): stored at time 0`);
  }
  if (count('kvm_userspace_exit') === 0) {
    unknown.push('device location (in-kernel device or userspace device model): kvm_userspace_exit was not recorded');
  }
  if (exits > 0 && count('kvm_pio') === 0) {
    unknown.push('port value and string-I/O element count: kvm_pio was not recorded (ports and directions come from the exit qualification)');
  }
  return {
    recorded,
    unknown,
    flags: {
      negativeLatency: stats.negativeLatencies,
      timeBackwards: stats.timeBackwards,
      absurdTimestamps: stats.absurdTimestamps,
      overLongLines: stats.overLongLines,
      emulationFailures: stats.emulationFailures,
    },
    standaloneExits: stats.standaloneExits,
  };
}
