// Lines that are not events and not errors: what ftrace, trace-cmd and perf print around the
// events (comments and banners, `cpus=N`, `version = 6`, `CPU 0 is empty`,
// `CPU:2 [LOST 120 EVENTS]`, `CPU:1 [12 EVENTS DROPPED]`, blank lines). Only lines that failed
// the event-line parse are asked, so `CPU 0/KVM-123 [000] ...` never reaches here.

export type HeaderKind = 'blank' | 'comment' | 'cpus' | 'version' | 'cpu-note' | null;

export function headerKind(line: string): HeaderKind {
  let i = 0;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  if (i >= line.length || line.trimEnd().length === 0) return 'blank';
  const c = line.charCodeAt(i);
  if (c === 35 /* # */) return 'comment';
  if (line.startsWith('cpus=', i)) return 'cpus';
  if (line.startsWith('version', i) && /^version\s*=/.test(line.slice(i))) return 'version';
  if (line.startsWith('CPU', i)) {
    const rest = line.slice(i);
    if (/^CPU:?\s*\d+\s*(is empty\s*)?$/.test(rest)) return 'cpu-note';
    if (/^CPU:?\s*\d+\s*\[(LOST \d+ EVENTS|\d+ EVENTS DROPPED)\]\s*$/.test(rest)) return 'cpu-note';
  }
  return null;
}
