// The ring mechanism: the paravirtual build with `ring = 1` posts port operations as descriptors
// in a shared ring and kicks once per batch (HC_RING_KICK). Real guest runs: the ring run and the
// hypercall run of the same workload perform the same I/O operations per (port, direction,
// size), the ring run takes fewer exits, and each kick is one exit carrying its whole batch,
// priced as `ring` (hypercall doorbell + ring.op per descriptor).
import { describe, expect, it } from 'vitest';
import { profile, run } from './run-helper';

describe('ring', () => {
  it.each([
    ['outl_to_kernel', { iterations: 100 }],
    ['serial_polled', { iterations: 1 }],
    ['ata_read', { iterations: 2 }],
    ['ata_write', { iterations: 2 }],
    ['ne2000_tx', { iterations: 3, wait: 'poll' }],
    ['ne2000_rx', { iterations: 3 }],
    ['pci_scan', {}],
    ['pit_timer', { iterations: 3 }],
    ['serial_irq', {}],
  ] as const)('%s: same operations as hypercall, fewer exits, still done', async (workload, params) => {
    const pv = await run(workload, 'hypercall', 'kvm-2012', params);
    const ring = await run(workload, 'ring', 'kvm-2012', params);
    expect(ring.report.params.ring).toBe(1);
    expect(ring.report.build).toBe('pv');
    expect(pv.report.results.status).toBe('done');
    expect(ring.report.results.status).toBe('done');
    expect(ring.report.results.errorName).toBe('ok');
    // Status ports are polled until ready: how many reads depends on guest time (an exit's cost),
    // as between trap and hypercall. NE2000 ISR polls are inb_p: each adds one io_delay write.
    const polled = new Set([0x3fd, 0x1f7, 0x3f6, 0x307]);
    const polls = (r: typeof pv): number => r.report.byOperation.find((o) => o.port === 0x307 && o.direction === 'in')?.ops ?? 0;
    const ops = (r: typeof pv) => r.report.byOperation
      .filter((o) => !(o.direction === 'in' && polled.has(o.port)))
      .map((o) => (o.port === 0x80 ? { ...o, ops: o.ops - polls(r), elements: o.elements - polls(r) } : o));
    expect(ops(ring)).toEqual(ops(pv));
    expect(ring.report.exits).toBeLessThan(pv.report.exits);
    expect(ring.exits.every((e) => e.mechanism === 'ring')).toBe(true);
    // every operation of the run was carried by some kick
    const carried = ring.exits.reduce((n, e) => n + (e.count === null ? 0 : 1), 0);
    expect(carried).toBe(ring.exits.filter((e) => e.formId !== null).length);
  });

  it('outl_to_kernel: 64 writes per full ring, one kick each, priced entry + ring.op per descriptor', async () => {
    const { report, exits } = await run('outl_to_kernel', 'ring', 'kvm-2012', { iterations: 128 });
    const kvm = profile('kvm-2012');
    const v = (id: string): number => kvm.params.get(id as never)!.value;
    // 128 posted writes: the 65th finds the ring full and kicks the first 64; the measured
    // window's closing RDTSC flushes the other 64 (no kick is rung for an empty ring)
    expect(report.byOperation).toEqual([{ port: 0x4d0, direction: 'out', size: 1, ops: 128, elements: 128 }]);
    expect(exits).toHaveLength(2);
    for (const e of exits) {
      expect(e).toMatchObject({ reason: 'HYPERCALL', mechanism: 'ring', info1: '0x6', port: 0x4d0, count: 64, formId: 9, emulated: false });
      expect(e.costEntry).toBe(v('entry.hypercall'));
      expect(e.costDispatch).toBe(v('dispatch.hypercall') + 64 * v('ring.op'));
      expect(e.costResume).toBe(v('resume.hypercall'));
    }
    // the ring is read through the guest page tables (PAE: 3 levels per page walked)
    expect(exits[0]!.costEmulate).toBeGreaterThanOrEqual(64 * v('emulate.access') + 3 * v('fetch.walkLevel'));
  });

  it('posted writes ride with the kick of the next read: kicks carry several operations, the driver sees every frame', async () => {
    const { exits, report } = await run('ne2000_tx', 'ring', 'kvm-2012', { iterations: 2 });
    expect(report.results.fields.framesSent).toBe(2);
    const withRead = exits.filter((e) => e.count! > 1 && e.direction === 'out');
    expect(withRead.length).toBeGreaterThan(0);
  });

  it('ne2000_pingpong: every round trip answered, fewer exits', async () => {
    const pv = await run('ne2000_pingpong', 'hypercall', 'kvm-2012', { iterations: 3 });
    const ring = await run('ne2000_pingpong', 'ring', 'kvm-2012', { iterations: 3 });
    expect(ring.report.results.status).toBe('done');
    expect(ring.report.results.fields.framesReceived).toBe(pv.report.results.fields.framesReceived);
    expect(ring.report.results.fields.mismatches).toBe(0);
    expect(ring.report.exits).toBeLessThan(pv.report.exits);
    const rep = (r: typeof pv) => r.report.byOperation.filter((o) => o.port === 0x310);
    expect(rep(ring)).toEqual(rep(pv)); // the data port: the same rep insw/outsw elements
  });

  it('with batch = 1 too, each out_multi entry is posted to the ring: same operations, no OUT_BATCH', async () => {
    const pv = await run('ne2000_tx', 'hypercall', 'kvm-2012', { iterations: 2, wait: 'poll' });
    const ring = await run('ne2000_tx', 'ring', 'kvm-2012', { iterations: 2, wait: 'poll', batch: 1 });
    expect(ring.report.results.status).toBe('done');
    expect(ring.exits.every((e) => e.info1 === '0x6')).toBe(true);
    const writes = (r: typeof pv) => r.report.byOperation.filter((o) => o.direction === 'out' && o.port !== 0x80);
    expect(writes(ring)).toEqual(writes(pv));
  });

  it('the vmcall benchmark has no I/O: its null hypercalls stay hypercall exits', async () => {
    const { exits } = await run('vmcall', 'ring', 'kvm-2012', { iterations: 5 });
    expect(exits).toHaveLength(5);
    expect(exits.every((e) => e.mechanism === 'hypercall')).toBe(true);
  });

  it('a profile without entry.hypercall cannot price ring', async () => {
    await expect(run('outl_to_kernel', 'ring', 'piii-733-vmware-2001')).rejects.toThrow(/entry\.hypercall/);
  });
});
