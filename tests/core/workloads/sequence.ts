// Comparing the port accesses of two runs. Polled workloads read a status port until the
// device is ready, so how many reads a wait takes depends on guest time (a hypercall and an
// IN instruction cost different cycles). `pollInsensitive` makes one line per access and
// collapses a run of identical reads (each with its io_delay write, if any) into one line,
// keeping everything else, including every written value, in order.
import type { PortAccess } from './guest-harness';

const hex = (n: number): string => n.toString(16);

export function exactSequence(accesses: readonly PortAccess[]): string[] {
  return accesses.map((a) => `${a.dir} ${hex(a.port)}/${a.size}=${hex(a.value)}`);
}

export function pollInsensitive(accesses: readonly PortAccess[], delayPort = 0x80): string[] {
  const out: string[] = [];
  for (let i = 0; i < accesses.length; i++) {
    const a = accesses[i];
    let line: string;
    if (a.dir === 'in') {
      line = `in ${hex(a.port)}/${a.size}`;
      const next = accesses[i + 1];
      if (next !== undefined && next.dir === 'out' && next.port === delayPort) {
        line += ' +delay';
        i++;
      }
      if (out[out.length - 1] === line) continue;
    } else line = a.port === delayPort ? `out ${hex(a.port)}/${a.size}` : `out ${hex(a.port)}/${a.size}=${hex(a.value)}`;
    out.push(line);
  }
  return out;
}
