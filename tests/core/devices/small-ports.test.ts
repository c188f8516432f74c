import { describe, expect, it } from 'vitest';
import { DebugConsole } from '../../../src/core/devices/debug-console';
import { PostPort } from '../../../src/core/devices/post-port';
import { USER, rig, viaJson } from './rig';

describe('POST port 0x80', () => {
  it('counts writes (io_delay), keeps the last code, and reads 0xFF', () => {
    const t = rig();
    const post = t.attach(new PostPort(USER('post')));
    t.outb(0x80, 0x12);
    t.outb(0x80, 0x34);
    expect(post.writes).toBe(2);
    expect(post.lastCode).toBe(0x34);
    expect(t.inb(0x80)).toBe(0xff);
    const other = new PostPort(USER('post'));
    other.setState(viaJson(post.getState()));
    expect(other.getState()).toEqual({ lastCode: 0x34, writes: 2 });
  });
});

describe('debug console 0xE9', () => {
  it('captures the bytes written as text and reads 0xE9', () => {
    const t = rig();
    const con = t.attach(new DebugConsole(USER('debugcon')));
    for (const c of 'hi\n') t.outb(0xe9, c.charCodeAt(0));
    expect(con.output).toBe('hi\n');
    expect(t.inb(0xe9)).toBe(0xe9);
    const other = new DebugConsole(USER('debugcon'));
    other.setState(viaJson(con.getState()));
    expect(other.output).toBe('hi\n');
  });
});
