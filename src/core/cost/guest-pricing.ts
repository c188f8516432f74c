// Guest instructions in host cycles: the clocks of the profile's guest cycle table
// (src/core/cpu/cycles.ts) × guest.clockScale. Used for the benchmark loops of profile checks
// (guest-loops.ts); the CPU model charges the same table while it runs a workload.
import { I386_CYCLES } from '../cpu/cycles';
import type { CycleTable } from '../cpu/cycles';
import { ExitScopeError } from '../errors';
import { fmt } from './format';
import type { PricedComponent } from './pricing';
import type { GuestInsn, Profile } from './types';

const GUEST_TABLES: Record<string, CycleTable> = { i386: I386_CYCLES };

/** The guest instruction table a profile names. */
export function guestTableOf(profile: Profile): CycleTable {
  const table = GUEST_TABLES[profile.guestCycleTable];
  if (!table) throw new ExitScopeError('ValidationError', `profile ${profile.id}: unknown guest cycle table ${profile.guestCycleTable}`);
  return table;
}

export function priceGuest(insns: readonly GuestInsn[], profile: Profile): PricedComponent {
  const table = guestTableOf(profile);
  const scale = profile.params.get('guest.clockScale')!.value;
  let clocks = 0;
  const parts: string[] = [];
  for (const i of insns) {
    const times = i.times ?? 1;
    const each = table.classes[i.class][i.memory ? 1 : 0] + (i.taken ? table.branchTaken : 0);
    clocks += each * times;
    parts.push(`${i.class}${i.memory ? '(m)' : ''}${i.taken ? '(taken)' : ''} ${each}${times === 1 ? '' : ` × ${times}`}`);
  }
  const cycles = clocks * scale;
  return { cycles, params: ['guest.clockScale'], derivation: `${table.name} clocks: ${parts.join(' + ') || 'none'} = ${clocks}${scale === 1 ? '' : ` × ${fmt(scale)}`}` };
}
