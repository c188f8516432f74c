// The hypervisor half of the shared ring (machine/paravirt-ring.ts) driven by hand-built rings in
// a real guest: a `user` payload (assembled with nasm) fills a ring and rings the doorbell
// itself. Checks the ABI rules: descriptors performed in order through the guest page tables
// (a ring straddling a page), IN values written back, used published, a ring claiming more
// than RING_ENTRIES pending refused with HC_EINVAL, and the kick recorded as one `ring` exit.
import { describe, expect, it } from 'vitest';
import { HC_EINVAL } from '../../../../src/core/workloads/index';
import { assemblePayload, toolAvailable } from '../../workloads/tools';
import { profile, run } from './run-helper';

/** A payload that claims `avail` descriptors pending at `ring`, kicks, and returns EAX. */
function kickPayload(ring: number, avail: number): Uint8Array {
  return assemblePayload(`
    mov dword [${ring} + RING_AVAIL], ${avail}
    mov dword [${ring} + RING_USED], 0
    push esi
    mov esi, ${ring}
    mov eax, HC_RING_KICK
    vmcall
    pop esi
    ret`);
}

describe.skipIf(!toolAvailable('nasm'))('the ring backend', () => {
  it('performs descriptors in order through the page tables, even for a ring across a page boundary', async () => {
    // header at the end of one page, descriptors on the next: out 'O', out 'K', in from 0xe9
    const ring = 0x400ff8;
    const payload = assemblePayload(`
RING equ ${ring}
%macro DESC 5
    mov word [RING + RING_DESCS + %1 * RING_DESC + RD_PORT], %4
    mov byte [RING + RING_DESCS + %1 * RING_DESC + RD_SIZE], %3
    mov byte [RING + RING_DESCS + %1 * RING_DESC + RD_OP], %2
    mov dword [RING + RING_DESCS + %1 * RING_DESC + RD_VALUE], %5
%endmacro
    mov dword [RING + RING_AVAIL], 3
    mov dword [RING + RING_USED], 0
    DESC 0, HC_OUT, 1, 0xe9, 'O'
    DESC 1, HC_OUT, 1, 0xe9, 'K'
    DESC 2, HC_IN, 1, 0xe9, 0x12345678
    push esi
    mov esi, RING
    mov eax, HC_RING_KICK
    vmcall
    pop esi
    test eax, eax
    jnz .bad
    cmp dword [RING + RING_USED], 3
    jne .bad
    mov eax, [RING + RING_DESCS + 2 * RING_DESC + RD_VALUE]
    ret
.bad:
    mov eax, 0xbad
    ret`);
    const { report, exits } = await run('user', 'ring', 'kvm-2012', { iterations: 1 }, { user: payload });
    expect(report.results.status).toBe('done');
    expect(report.results.fields.returnValue).toBe(0xe9); // the debug console reads as 0xe9
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ mechanism: 'ring', info1: '0x6', count: 3, port: 0xe9, direction: 'out', value: 'O'.charCodeAt(0) });
    expect(report.byOperation).toEqual([
      { port: 0xe9, direction: 'in', size: 1, ops: 1, elements: 1 },
      { port: 0xe9, direction: 'out', size: 1, ops: 2, elements: 2 },
    ]);
    // two pages walked (PAE: 3 levels each), priced as buffer walks
    const kvm = profile('kvm-2012');
    const walk = kvm.params.get('fetch.walkLevel')!.value;
    const access = kvm.params.get('emulate.access')!.value;
    const dev = (id: string): number => kvm.params.get(id as never)?.value ?? 0;
    const emulate = 3 * access + 6 * walk + 3 * dev('emulate.device.debugcon');
    expect(exits[0]!.costEmulate).toBeCloseTo(emulate, 6);
  });

  it('refuses a ring that claims more than RING_ENTRIES pending: HC_EINVAL, nothing performed', async () => {
    const payload = kickPayload(0x400800, 100);
    const { report } = await run('user', 'ring', 'kvm-2012', { iterations: 1 }, { user: payload });
    expect(report.results.fields.returnValue).toBe(HC_EINVAL >>> 0);
    expect(report.byOperation).toEqual([]);
  });
});
