// The guest a run models decides its io_delay default (vmm/guest-kind.ts): a Linux KVM guest
// under vmx on a KVM profile skips the port 0x80 writes (KVM_FEATURE_NOP_IO_DELAY); the 2007
// native kernel under trap writes them; an explicit setting always wins.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ERA } from '../../../src/core/cost/index';
import { guestKindOf } from '../../../src/core/vmm/guest-kind';
import { toolAvailable } from '../workloads/tools';
import { profile, run } from './mechanisms/run-helper';

const delays = (exits: readonly { port: number | null }[]): number => exits.filter((e) => e.port === 0x80).length;

describe('guest kind', () => {
  it('follows the mechanism and the profile\u2019s era', () => {
    expect(guestKindOf('vmx', profile('kvm-2012').era!)).toMatchObject({ kind: 'linux-kvm-guest', ioDelay: 0 });
    expect(guestKindOf('svm', profile('k8-xen').era!)).toMatchObject({ kind: 'linux-hvm-guest', ioDelay: 1 });
    expect(guestKindOf('trap', DEFAULT_ERA)).toMatchObject({ kind: 'linux-2007-native', ioDelay: 1 });
    expect(guestKindOf('hypercall', DEFAULT_ERA)).toMatchObject({ kind: 'linux-2007-paravirt', ioDelay: 1 });
  });
});

describe.skipIf(!toolAvailable('nasm'))('io_delay by guest kind, from guest runs', () => {
  it('ne2000_tx: no port 0x80 exits for the KVM guest, some for the 2007 native guest, and an explicit setting wins', async () => {
    const kvmGuest = await run('ne2000_tx', 'vmx', 'kvm-2012', { iterations: 2 });
    const native = await run('ne2000_tx', 'trap', 'p4-2007', { iterations: 2 });
    const forced = await run('ne2000_tx', 'vmx', 'kvm-2012', { iterations: 2, ioDelay: 1 });
    expect(kvmGuest.report.params.ioDelay).toBe(0);
    expect(kvmGuest.report.guestKind.kind).toBe('linux-kvm-guest');
    expect(delays(kvmGuest.exits)).toBe(0);
    expect(native.report.params.ioDelay).toBe(1);
    expect(delays(native.exits)).toBeGreaterThan(0);
    expect(forced.report.params.ioDelay).toBe(1);
    expect(delays(forced.exits)).toBeGreaterThan(0); // counts differ a little: interrupt handlers' _p accesses fall differently in time
  });
});
