// An exit that repeats the previous one (a loop's I/O instruction) takes the recorder's and the
// packer's repeat path (RepeatExit, ExitSink.pushRepeat): the records, the packed batches and the
// report must be exactly what the full path gives, for every kind of sink.
import { describe, expect, it } from 'vitest';
import type { Mechanism } from '../../../../src/core/cost/index';
import type { ExitRecord, ExitSink } from '../../../../src/core/trace/exit-record';
import { ExitPacker } from '../../../../src/core/trace/packed-exits';
import type { PackedExits } from '../../../../src/core/trace/packed-exits';
import { run } from './run-helper';

/** Batches as plain data, NaN kept visible. */
const plain = (batches: PackedExits[]): unknown => batches.map((b) => ({ ...b, nums: Array.from(b.nums, String), strs: Array.from(b.strs) }));

/** A transient sink without pushRepeat: every exit through the packer's full push. */
function fullPush(packer: ExitPacker): ExitSink {
  return { transient: true, push: (e) => packer.push(e) };
}

describe('repeated exits', () => {
  it.each([
    ['outl_to_kernel', 'vmx', 'kvm-2012', { iterations: 50 }],
    ['inl_from_pmtimer', 'svm', 'k8-xen', { iterations: 20 }],
    ['io_forms', 'trap', 'p4-2007', { iterations: 3 }],
    ['outl_to_kernel', 'hypercall', 'kvm-2012', { iterations: 30 }],
    ['ne2000_tx', 'batched', 'kvm-2012', { iterations: 2 }],
  ] as const)('%s under %s (%s): records and batches equal the full path', async (workload, mechanism, profileId, params) => {
    const collected = await run(workload, mechanism as Mechanism, profileId, params);
    const records = collected.exits;
    expect(records.length).toBeGreaterThan(10);
    // A non-transient sink gets a distinct object per exit.
    expect(new Set(records).size).toBe(records.length);

    const viaRepeat: PackedExits[] = [];
    const repeatPacker = new ExitPacker(7, (b) => viaRepeat.push(b));
    const a = await run(workload, mechanism as Mechanism, profileId, params, { sink: repeatPacker });
    repeatPacker.flush();

    const viaPush: PackedExits[] = [];
    const pushPacker = new ExitPacker(7, (b) => viaPush.push(b));
    const b = await run(workload, mechanism as Mechanism, profileId, params, { sink: fullPush(pushPacker) });
    pushPacker.flush();

    const fromRecords: PackedExits[] = [];
    const recordPacker = new ExitPacker(7, (batch) => fromRecords.push(batch));
    for (const r of records) recordPacker.push(r);
    recordPacker.flush();

    expect(plain(viaRepeat)).toEqual(plain(viaPush));
    expect(plain(viaRepeat)).toEqual(plain(fromRecords));
    const { hostMs: _a, ...ra } = a.report;
    const { hostMs: _b, ...rb } = b.report;
    const { hostMs: _c, ...rc } = collected.report;
    expect(ra).toEqual(rb);
    expect(ra).toEqual(rc);
  });

  it('pushRepeat stores what push stores when the value changes, vanishes or matches the kind', () => {
    const base: ExitRecord = {
      seq: 0, timeNs: 10, vcpu: 0, rip: 0x1000, cpl: 0, insnBytes: null, reason: 'IO_INSTRUCTION', reasonNative: 'IO_INSTRUCTION', isa: 'vmx', reasonCode: 30,
      formId: 1, mnemonic: 'out', port: 0x80, portSource: 'imm8', size: 1, direction: 'out', isString: false, isRep: false, count: 1,
      addrSize: null, segment: null, value: 5, bufferAddr: null, device: 'post', deviceLocation: 'kernel', mechanism: 'vmx', info1: '0x800040',
      info2: null, errorCode: null, latencyNs: 100, line: null, emulated: false, costEntry: 1, costDispatch: 2, costFetch: 0, costDecode: 0,
      costPermission: 0, costUserspace: 0, costEmulate: 3, costResume: 4, costTotal: 10, stepBytes: null, stepPrefixes: null, stepBranches: null,
      stepTableLookups: null, stepPageWalks: null, stepWalkLevels: null, stepTlbHits: null,
    };
    const values = [5, 6, 5, null, null, 7, 5, 8, 9, 10, 11, 12, 13, null, 14, 5, 5, 5];
    const stream = values.map((value, i) => ({ ...base, seq: i, timeNs: 10 + i * 3.5, value }));
    const a: PackedExits[] = [];
    const pa = new ExitPacker(4, (x) => a.push(x));
    stream.forEach((e, i) => (i === 0 ? pa.push(e) : pa.pushRepeat(e)));
    pa.flush();
    const b: PackedExits[] = [];
    const pb = new ExitPacker(4, (x) => b.push(x));
    for (const e of stream) pb.push(e);
    pb.flush();
    expect(plain(a)).toEqual(plain(b));
    expect(pa.kindCount).toBe(2);
  });
});
