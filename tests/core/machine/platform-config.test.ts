import { describe, expect, it } from 'vitest';
import { PlatformConfigError, pcPlatformConfig } from '../../../src/core/machine/platform-config';
import { resolvePlatformConfig } from '../../../src/core/machine/platform-config-resolve';
import { buildPlatform } from '../../../src/core/machine/platform';

function errorOf(fn: () => unknown): PlatformConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PlatformConfigError) return e;
    throw e;
  }
  throw new Error('expected a PlatformConfigError');
}

describe('platform config', () => {
  it('fills in PC defaults', () => {
    const cfg = resolvePlatformConfig(pcPlatformConfig(2_000_000_000));
    expect(cfg.cpuHz).toBe(2_000_000_000);
    expect(cfg.unassignedLocation).toBe('userspace');
    expect(cfg.devices.uart).toEqual({ name: 'uart', location: 'userspace', base: 0x3f8, irq: 4 });
    expect(cfg.devices.ne2000?.base).toBe(0x300);
    expect(cfg.devices.ne2000?.irq).toBe(9);
    expect(cfg.devices.ata).toMatchObject({ base: 0x1f0, controlPort: 0x3f6, irq: 14 });
    expect(cfg.devices.pmTimer?.port).toBe(0xb008);
    expect(cfg.devices.pic.location).toBe('kernel');
    expect(cfg.devices.pit?.location).toBe('kernel');
  });

  it('names the field in every error', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ devices: {} }, 'cpuHz', /required/],
      [{ cpuHz: 1000, devices: {} }, 'cpuHz', /integer 4000000-/],
      [{ cpuHz: 1e9, devices: { uart: { irq: 16 } } }, 'devices.uart.irq', /integer 0-15 \(got 16\)/],
      [{ cpuHz: 1e9, devices: { uart: { base: 0xfffc } } }, 'devices.uart.base', /0x0-0xfff8/],
      [{ cpuHz: 1e9, devices: { uart: { location: 'cloud' } } }, 'devices.uart.location', /kernel, userspace/],
      [{ cpuHz: 1e9, devices: { uart: { baud: 9600 } } }, 'devices.uart.baud', /unknown field/],
      [{ cpuHz: 1e9, devices: { floppy: {} } }, 'devices.floppy', /unknown field/],
      [{ cpuHz: 1e9, devices: { ne2000: { mac: '52:54:00:12:34' } } }, 'devices.ne2000.mac', /MAC address/],
      [{ cpuHz: 1e9, devices: { ne2000: { base: 0x310 } } }, 'devices.ne2000.base', /multiple of 0x20 \(got 0x310\)/],
      [{ cpuHz: 1e9, devices: { ne2000: { link: { rateBps: 0 } } } }, 'devices.ne2000.link.rateBps', /integer/],
      [{ cpuHz: 1e9, devices: { ne2000: { peer: { mode: 'ping' } } } }, 'devices.ne2000.peer.mode', /echo, silent/],
      [{ cpuHz: 1e9, devices: { ata: { image: { kind: 'file' } } } }, 'devices.ata.image.kind', /bytes.*generated/],
      [{ cpuHz: 1e9, devices: { ata: { image: { kind: 'bytes', data: [1, 256] } } } }, 'devices.ata.image.data', /bytes/],
      [{ cpuHz: 1e9, devices: { uart: { irq: 2 } } }, 'devices.uart.irq', /cascade/],
      [{ cpuHz: 1e9, devices: { uart: { irq: 9 }, ne2000: {} } }, 'devices.ne2000.irq', /already used by devices.uart/],
      [{ cpuHz: 1e9, devices: { uart: { name: 'x' }, post: { name: 'x' } } }, 'devices.post.name', /also the name of devices.uart/],
      [[], 'config', /object/],
    ];
    for (const [input, field, problem] of cases) {
      const e = errorOf(() => resolvePlatformConfig(input));
      expect(e.field).toBe(field);
      expect(e.message).toMatch(problem);
      expect(e.message.startsWith(`${field}: `)).toBe(true);
    }
  });

  it('reports overlapping ports when building, naming both devices', () => {
    const e = errorOf(() => buildPlatform({ cpuHz: 1e9, devices: { uart: {}, ne2000: { base: 0x3e0 } } }));
    expect(e.field).toBe('devices.ne2000');
    expect(e.message).toBe('devices.ne2000: port 0x3f8 is claimed by both uart (registers) and ne2000 (reset) (devices.uart)');
    const e2 = errorOf(() => buildPlatform({ cpuHz: 1e9, devices: { debugcon: { port: 0x80 }, post: {} } }));
    expect(e2.field).toBe('devices.debugcon'); // registered after post
    expect(e2.message).toMatch(/port 0x80 is claimed by both post \(POST code\) and debugcon \(console\) \(devices.post\)/);
  });

  it('accepts a MAC as bytes or text, and a byte image as an array', () => {
    const cfg = resolvePlatformConfig({
      cpuHz: 1e9,
      devices: { ne2000: { mac: [2, 0, 0, 0, 0, 9], peer: { mac: '02-00-00-00-00-0a' } }, ata: { image: { kind: 'bytes', data: [1, 2, 3] } } },
    });
    expect(cfg.devices.ne2000?.mac).toEqual([2, 0, 0, 0, 0, 9]);
    expect(cfg.devices.ne2000?.peer.mac).toEqual([2, 0, 0, 0, 0, 10]);
    expect(cfg.devices.ata?.image).toEqual({ kind: 'bytes', data: Uint8Array.from([1, 2, 3]) });
  });
});
