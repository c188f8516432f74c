import { describe, expect, it } from 'vitest';
import { GuestClock } from '../../../src/core/machine/guest-clock';

describe('GuestClock', () => {
  it('counts cycles and converts them with the configured frequency', () => {
    const clock = new GuestClock(2_000_000_000);
    clock.advance(3_000_000_000);
    expect(clock.now).toBe(3_000_000_000);
    expect(clock.nanos()).toBe(1_500_000_000);
    expect(clock.cyclesAtNanos(1)).toBe(2);
    expect(clock.ticks(3_579_545)).toBe(Math.floor((3_000_000_000 * 3_579_545) / 2_000_000_000));
    expect(clock.cycleOfTick(1, 3_579_545)).toBe(559); // ceil(2e9 / 3579545)
  });

  it('rejects a non-integer or non-positive frequency and going backwards', () => {
    expect(() => new GuestClock(0)).toThrow(/positive integer/);
    expect(() => new GuestClock(1.5e9 + 0.5)).toThrow(/positive integer/);
    const clock = new GuestClock(1000);
    clock.advance(10);
    expect(() => clock.advanceTo(5)).toThrow(/cannot go back/);
    expect(() => clock.advanceTo(Infinity)).toThrow(/whole numbers/);
    expect(() => clock.advance(0.5)).toThrow(/whole numbers/);
  });

  it('fires timers in deadline order, ties in creation order, with now at the deadline', () => {
    const clock = new GuestClock(1_000_000);
    const log: string[] = [];
    const a = clock.createTimer('a', () => log.push(`a@${clock.now}`));
    const b = clock.createTimer('b', () => log.push(`b@${clock.now}`));
    const c = clock.createTimer('c', () => log.push(`c@${clock.now}`));
    c.armAt(50);
    b.armAt(20);
    a.armAt(50);
    expect(clock.nextDeadline).toBe(20);
    clock.advance(49);
    expect(log).toEqual(['b@20']);
    clock.advance(100);
    expect(log).toEqual(['b@20', 'a@50', 'c@50']);
    expect(clock.now).toBe(149);
    expect(clock.nextDeadline).toBe(Infinity);
  });

  it('lets a callback re-arm its own timer (periodic events) within one advance', () => {
    const clock = new GuestClock(1000);
    const at: number[] = [];
    const t = clock.createTimer('tick', () => {
      at.push(clock.now);
      t.armIn(30);
    });
    t.armAt(10);
    clock.advanceTo(100);
    expect(at).toEqual([10, 40, 70, 100]);
    expect(t.deadline).toBe(130);
  });

  it('disarms, and clamps a past deadline to now', () => {
    const clock = new GuestClock(1000);
    const fired: number[] = [];
    const t = clock.createTimer('t', () => fired.push(clock.now));
    clock.advance(100);
    t.armAt(10);
    expect(t.deadline).toBe(100);
    t.disarm();
    clock.advance(10);
    expect(fired).toEqual([]);
    expect(t.armed).toBe(false);
  });

  it('restores its cycle count and drops armed timers (devices re-arm their own)', () => {
    const clock = new GuestClock(1000);
    const t = clock.createTimer('t', () => {});
    clock.advance(500);
    const saved = clock.getState();
    t.armAt(900);
    clock.advance(100);
    clock.setState(saved);
    expect(clock.now).toBe(500);
    expect(t.armed).toBe(false);
    expect(clock.nextDeadline).toBe(Infinity);
  });
});
