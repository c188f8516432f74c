// Pure logic of the New run dialog: the parameter fields of a workload (initial text, range
// hint, what a mechanism imposes), parsing and checking what the user typed against the
// workload's spec, the parameters to send (only those that differ from the defaults, so a
// mechanism's own settings — trap runs at CPL 3 — never conflict with an untouched default), and
// which mechanisms the chosen profile can price; where the workload's device models live (only
// devices moved from their default place are sent).
import type { DeviceLocationName, ProfileInfo, RunDevice, RunMechanism, WorkloadInfo, WorkloadParamInfo } from '../../../shared/runs';
import { RUN_MECHANISMS } from '../../../shared/runs';
import { formatCount, formatPort } from '../format/format';

/** What the user typed, per parameter name. */
export type ParamTexts = Record<string, string>;

/** A parameter's default as the field shows it: ports in hex (0x4d0), everything else as is. */
export function defaultText(p: WorkloadParamInfo): string {
  return p.kind === 'int' && p.unit === 'port' ? formatPort(p.default) : String(p.default);
}

export function initialTexts(w: WorkloadInfo): ParamTexts {
  return Object.fromEntries(w.params.map((p) => [p.name, defaultText(p)]));
}

/** "1 … 10,000,000 iterations" / "one of 1, 2, 4 bytes" / "allow | deny | none" / "≤ 64 characters". */
export function paramHint(p: WorkloadParamInfo): string {
  switch (p.kind) {
    case 'int': {
      const unit = p.unit === null ? '' : ` ${p.unit}`;
      return p.allowed ? `one of ${p.allowed.join(', ')}${unit}` : `${formatCount(p.min)} … ${formatCount(p.max)}${unit}`;
    }
    case 'choice': return p.choices.join(' | ');
    case 'text': return `1 … ${p.capacity} characters`;
  }
}

/** "trap sets 3" for a parameter the chosen mechanisms impose, else null. */
export function imposedNote(p: WorkloadParamInfo, mechanisms: readonly RunMechanism[]): string | null {
  const parts = mechanisms.flatMap((m) => (p.setBy[m] === undefined ? [] : [`${m} sets ${String(p.setBy[m])}`]));
  return parts.length === 0 ? null : parts.join('; ');
}

/** The value of one field, or an error message naming the parameter. */
export function parseParam(p: WorkloadParamInfo, text: string): { value: number | string } | { error: string } {
  const t = text.trim();
  switch (p.kind) {
    case 'int': {
      const n = /^(0x[0-9a-f]+|\d+)$/i.test(t) ? Number(t) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < p.min || n > p.max) return { error: `${p.name}: expected an integer from ${formatCount(p.min)} to ${formatCount(p.max)}` };
      if (p.allowed && !p.allowed.includes(n)) return { error: `${p.name}: expected one of ${p.allowed.join(', ')}` };
      return { value: n };
    }
    case 'choice':
      return p.choices.includes(t) ? { value: t } : { error: `${p.name}: expected one of ${p.choices.join(', ')}` };
    case 'text':
      return text.length > 0 && text.length <= p.capacity ? { value: text } : { error: `${p.name}: expected 1 to ${p.capacity} characters` };
  }
}

/** The parameters to send (those that differ from the defaults) and the errors, if any. */
export function paramsToSend(w: WorkloadInfo, texts: ParamTexts): { params: Record<string, number | string>; errors: string[] } {
  const params: Record<string, number | string> = {};
  const errors: string[] = [];
  for (const p of w.params) {
    const parsed = parseParam(p, texts[p.name] ?? defaultText(p));
    if ('error' in parsed) errors.push(parsed.error);
    else if (parsed.value !== p.default) params[p.name] = parsed.value;
  }
  return { params, errors };
}

/** Changed parameters that contradict what a chosen mechanism imposes (the host refuses them too). */
export function conflicts(w: WorkloadInfo, params: Readonly<Record<string, number | string>>, mechanisms: readonly RunMechanism[]): string[] {
  const out: string[] = [];
  for (const p of w.params) {
    const given = params[p.name];
    if (given === undefined) continue;
    for (const m of mechanisms) {
      const imposed = p.setBy[m];
      if (imposed !== undefined && imposed !== given) out.push(`${p.name}: ${m} runs the guest with ${p.name} = ${String(imposed)}`);
    }
  }
  return out;
}

/** Every run mechanism with whether the profile prices it (and why not). */
export function mechanismChoices(profile: ProfileInfo | null): { mechanism: RunMechanism; priced: boolean; why: string | null }[] {
  return RUN_MECHANISMS.map((m) => {
    const priced = profile !== null && profile.mechanisms.includes(m);
    const path = m === 'batched' || m === 'ring' ? 'hypercall' : m;
    const why = priced ? null : profile === null ? 'choose a profile' : `${profile.id} has no published figure for the ${path} path`;
    return { mechanism: m, priced, why };
  });
}

/** The dialog's first choice: NE2000 transmit (the seed thread's "workloads that hammer network
 * cards") under kvm-2012, its hardware exit against the paravirtual hypercall — runs that differ
 * (KVM's emulator takes a frame's REP OUTSW to the userspace NE2000 one element per exit; the
 * hypercall carries it in one). Not batched or ring by default: ne2000_tx only batches with
 * batch = 1, so they would repeat the hypercall run. */
export const DEFAULT_RUN: { workload: string; profile: string; mechanisms: readonly RunMechanism[] } = { workload: 'ne2000_tx', profile: 'kvm-2012', mechanisms: ['vmx', 'hypercall'] };

/** The workload, profile and mechanisms the dialog opens with: DEFAULT_RUN where the lists have
 * it (mechanisms limited to those the profile prices), else the first of each and every priced mechanism. */
export function defaultRunChoice(workloads: readonly WorkloadInfo[], profiles: readonly ProfileInfo[]): { workloadId: string; profileId: string; mechanisms: RunMechanism[] } {
  const w = workloads.find((x) => x.id === DEFAULT_RUN.workload) ?? workloads[0];
  const p = profiles.find((x) => x.id === DEFAULT_RUN.profile) ?? profiles[0];
  if (!p) return { workloadId: w?.id ?? '', profileId: '', mechanisms: [] };
  const preferred = DEFAULT_RUN.mechanisms.filter((m) => p.mechanisms.includes(m));
  const mechanisms = p.id === DEFAULT_RUN.profile && preferred.length > 0 ? preferred : [...p.mechanisms];
  return { workloadId: w?.id ?? '', profileId: p.id, mechanisms };
}

/** "Pentium 4 · 2,800 MHz" */
export function profileClock(p: ProfileInfo): string {
  return p.clockMhz === null ? `${p.cpu} · clock not published` : `${p.cpu} · ${formatCount(p.clockMhz)} MHz`;
}

/** Where each of the workload's devices lives for the run, by device key. */
export type DevicePlacement = Partial<Record<RunDevice, DeviceLocationName>>;

export function initialPlacement(w: WorkloadInfo): DevicePlacement {
  return Object.fromEntries(w.devices.map((d) => [d.key, d.defaultLocation]));
}

/** Only the devices moved from their default place (what runs/start takes). */
export function placementToSend(w: WorkloadInfo, placement: DevicePlacement): DevicePlacement {
  return Object.fromEntries(w.devices.filter((d) => placement[d.key] !== undefined && placement[d.key] !== d.defaultLocation).map((d) => [d.key, placement[d.key]!]));
}
