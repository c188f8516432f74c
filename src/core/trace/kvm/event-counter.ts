// Counting events by name without allocating a string per line. The kvm events the importer
// handles have fixed slots (KNOWN_EVENTS order); any other name is compared against a few
// recently seen names in place (matchAt the line offset) and sliced only when new.
//
// Invariant: every event line is counted exactly once, handled or not.

import type { EventCount } from '../../../shared/dto';
import { matchAt } from './cursor';

/**
 * Events that take part in pairing or are understood (kvm_nested_vmexit): handled = true.
 * kvm_exit and the events after kvm_nested_vmexit make an exit of their own when no kvm_exit is
 * open on their thread (a partial recording: `perf record -e kvm:kvm_pio`).
 */
export const KNOWN_EVENTS = ['kvm_exit', 'kvm_entry', 'kvm_pio', 'kvm_userspace_exit', 'kvm_emulate_insn', 'kvm_nested_vmexit',
  'kvm_mmio', 'kvm_hypercall', 'kvm_msr', 'kvm_cpuid'] as const;
export type KnownEvent = (typeof KNOWN_EVENTS)[number];

/** KNOWN_EVENTS ids by name length, most frequent first (the pairing events come first). */
const IDS_BY_LENGTH: number[][] = Array.from({ length: 32 }, () => []);
KNOWN_EVENTS.forEach((name, i) => IDS_BY_LENGTH[name.length]!.push(i));

const RECENT = 8;

export class EventCounter {
  private readonly known = new Array<number>(KNOWN_EVENTS.length).fill(0);
  private readonly other = new Map<string, number>();
  private readonly recent: string[] = [];
  private readonly recentCounts: number[] = [];

  /** The KNOWN_EVENTS index of line[start, end), or -1. */
  knownId(line: string, start: number, end: number): number {
    const len = end - start;
    if (len >= 32) return -1;
    const ids = IDS_BY_LENGTH[len]!;
    for (let k = 0; k < ids.length; k++) if (matchAt(line, start, KNOWN_EVENTS[ids[k]!]!)) return ids[k]!;
    return -1;
  }

  /** How many lines of the known event `id` were counted so far. */
  knownCount(id: number): number {
    return this.known[id]!;
  }

  countKnown(id: number): void {
    this.known[id]++;
  }

  countOther(line: string, start: number, end: number): void {
    const len = end - start;
    const recent = this.recent;
    for (let i = 0; i < recent.length; i++) {
      const name = recent[i];
      if (name.length === len && matchAt(line, start, name)) {
        this.recentCounts[i]++;
        return;
      }
    }
    const name = line.slice(start, end);
    if (recent.length === RECENT) {
      this.flushRecent(0);
      recent.shift();
      this.recentCounts.shift();
    }
    recent.push(name);
    this.recentCounts.push(1);
  }

  private flushRecent(i: number): void {
    const name = this.recent[i];
    this.other.set(name, (this.other.get(name) ?? 0) + this.recentCounts[i]);
    this.recentCounts[i] = 0;
  }

  /** All counts, handled kvm events first, then the others by descending count. */
  result(): EventCount[] {
    for (let i = 0; i < this.recent.length; i++) this.flushRecent(i);
    const out: EventCount[] = [];
    KNOWN_EVENTS.forEach((event, i) => {
      if (this.known[i] > 0) out.push({ event, count: this.known[i], handled: true });
    });
    const others = [...this.other].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [event, count] of others) if (count > 0) out.push({ event, count, handled: false });
    return out;
  }
}
