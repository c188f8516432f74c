import { describe, expect, it } from 'vitest';
import { PM_TIMER_HZ, PmTimer } from '../../../src/core/devices/pm-timer';
import { USER, rig } from './rig';

describe('ACPI PM timer', () => {
  it('advances at 3.579545 MHz of guest time', () => {
    const t = rig(1_000_000_000);
    t.attach(new PmTimer(USER('pm'), 0xb008, t.clock));
    expect(t.inl(0xb008)).toBe(0);
    t.clock.advance(1_000_000_000); // one guest second
    expect(t.inl(0xb008)).toBe(PM_TIMER_HZ);
    t.clock.advance(1_000); // one microsecond more: 3.58 ticks
    expect(t.inl(0xb008)).toBe(PM_TIMER_HZ + 3);
    const before = t.inl(0xb008);
    t.clock.advance(279); // 279 ns < one tick (279.4 ns)
    expect(t.inl(0xb008) - before).toBeLessThanOrEqual(1);
  });

  it('is the same in guest time whatever the CPU frequency', () => {
    for (const hz of [33_000_000, 733_000_000, 2_930_000_000]) {
      const t = rig(hz);
      t.attach(new PmTimer(USER('pm'), 0xb008, t.clock));
      t.clock.advance(hz * 2);
      expect(t.inl(0xb008)).toBe(2 * PM_TIMER_HZ);
    }
  });

  it('wraps at 24 bits, serves byte and word reads, ignores writes, and sits where configured', () => {
    const t = rig(PM_TIMER_HZ * 2);
    const pm = t.attach(new PmTimer(USER('pm'), 0x608, t.clock));
    t.clock.advance((0x1000000 + 0x123456) * 2);
    expect(t.inl(0x608)).toBe(0x123456);
    expect(t.inb(0x608)).toBe(0x56);
    expect(t.inw(0x609)).toBe(0x1234);
    expect(t.inb(0x60b)).toBe(0x00);
    t.outl(0x608, 0);
    expect(pm.value()).toBe(0x123456);
    expect(t.inl(0xb008)).toBe(0xffffffff);
  });
});
