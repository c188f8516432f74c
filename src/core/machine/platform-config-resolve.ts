// Checks a platform config given as untrusted data and fills in the PC defaults (see
// platform-config.ts). Each reader takes the value and its field path, so an error names the
// exact field; unknown keys are errors too (a typo should not silently mean "default").
// Cross-field checks: device names unique, IRQs unique among devices and never 2 (the
// cascade). Port overlaps are found when the bus is built (platform.ts names both fields).
import type { DeviceLocation } from './device';
import {
  DEFAULT_LOCATION, MAX_CPU_HZ, MIN_CPU_HZ, PlatformConfigError,
  type DeviceKey, type ResolvedDevices, type ResolvedPlatformConfig,
} from './platform-config';

type Obj = Record<string, unknown>;

function object(value: unknown, field: string, keys: readonly string[]): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PlatformConfigError(field, 'must be an object');
  const obj = value as Obj;
  for (const key of Object.keys(obj)) {
    if (!keys.includes(key)) throw new PlatformConfigError(`${field}.${key}`, `unknown field (expected one of ${keys.join(', ')})`);
  }
  return obj;
}

function integer(value: unknown, field: string, def: number, min: number, max: number, hex = false): number {
  if (value === undefined) return def;
  const show = (n: number): string => (hex ? `0x${n.toString(16)}` : String(n));
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PlatformConfigError(field, `must be an integer ${show(min)}-${show(max)} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function port(value: unknown, field: string, def: number, length: number): number {
  return integer(value, field, def, 0, 0x10000 - length, true);
}

function aligned(value: number, alignment: number, field: string): number {
  if (value % alignment !== 0) throw new PlatformConfigError(field, `must be a multiple of 0x${alignment.toString(16)} (got 0x${value.toString(16)})`);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, def: T, options: readonly T[]): T {
  if (value === undefined) return def;
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new PlatformConfigError(field, `must be one of ${options.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as T;
}

function mac(value: unknown, field: string, def: number[]): number[] {
  if (value === undefined) return def;
  const parts = typeof value === 'string' ? value.split(/[:-]/).map((p) => (/^[0-9a-f]{2}$/i.test(p) ? parseInt(p, 16) : NaN)) : value;
  if (!Array.isArray(parts) || parts.length !== 6 || !parts.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new PlatformConfigError(field, 'must be a MAC address: "52:54:00:12:34:56" or six bytes');
  }
  return parts as number[];
}

function base(obj: Obj, field: string, key: DeviceKey): { name: string; location: DeviceLocation } {
  const name = obj.name === undefined ? key : obj.name;
  if (typeof name !== 'string' || name.length === 0) throw new PlatformConfigError(`${field}.name`, 'must be a non-empty string');
  return { name, location: oneOf<DeviceLocation>(obj.location, `${field}.location`, DEFAULT_LOCATION[key], ['kernel', 'userspace']) };
}

const COMMON = ['name', 'location'] as const;
const DEVICE_KEYS: readonly DeviceKey[] = ['pic', 'pit', 'uart', 'ne2000', 'ata', 'pci', 'pmTimer', 'rtc', 'post', 'debugcon'];

export function resolvePlatformConfig(input: unknown): ResolvedPlatformConfig {
  const top = object(input, 'config', ['cpuHz', 'unassignedLocation', 'devices']);
  if (top.cpuHz === undefined) throw new PlatformConfigError('cpuHz', 'is required (CPU frequency in Hz)');
  const cpuHz = integer(top.cpuHz, 'cpuHz', 0, MIN_CPU_HZ, MAX_CPU_HZ);
  const unassignedLocation = oneOf<DeviceLocation>(top.unassignedLocation, 'unassignedLocation', 'userspace', ['kernel', 'userspace']);
  const d = object(top.devices ?? {}, 'devices', DEVICE_KEYS);
  const at = (key: DeviceKey, extra: readonly string[]): Obj | undefined =>
    d[key] === undefined ? undefined : object(d[key], `devices.${key}`, [...COMMON, ...extra]);

  const devices: ResolvedDevices = { pic: { name: 'pic', location: 'kernel', elcr: 0 } };
  const pic = at('pic', ['elcr']);
  if (pic) devices.pic = { ...base(pic, 'devices.pic', 'pic'), elcr: integer(pic.elcr, 'devices.pic.elcr', 0, 0, 0xffff, true) };

  const pit = at('pit', []);
  if (pit) devices.pit = { ...base(pit, 'devices.pit', 'pit'), irq: 0 };

  const uart = at('uart', ['base', 'irq']);
  if (uart) {
    devices.uart = {
      ...base(uart, 'devices.uart', 'uart'),
      base: port(uart.base, 'devices.uart.base', 0x3f8, 8),
      irq: integer(uart.irq, 'devices.uart.irq', 4, 0, 15),
    };
  }

  const ne = at('ne2000', ['base', 'irq', 'mac', 'pciDevice', 'link', 'peer']);
  if (ne) {
    const link = object(ne.link ?? {}, 'devices.ne2000.link', ['rateBps', 'latencyNs']);
    const peer = object(ne.peer ?? {}, 'devices.ne2000.peer', ['mode', 'processingNs', 'mac']);
    devices.ne2000 = {
      ...base(ne, 'devices.ne2000', 'ne2000'),
      base: aligned(port(ne.base, 'devices.ne2000.base', 0x300, 0x20), 0x20, 'devices.ne2000.base'),
      irq: integer(ne.irq, 'devices.ne2000.irq', 9, 0, 15),
      mac: mac(ne.mac, 'devices.ne2000.mac', [0x52, 0x54, 0x00, 0x12, 0x34, 0x56]),
      pciDevice: integer(ne.pciDevice, 'devices.ne2000.pciDevice', 3, 2, 31),
      link: {
        rateBps: integer(link.rateBps, 'devices.ne2000.link.rateBps', 10_000_000, 1, 1e12),
        latencyNs: integer(link.latencyNs, 'devices.ne2000.link.latencyNs', 50_000, 0, 1e12),
      },
      peer: {
        mode: oneOf(peer.mode, 'devices.ne2000.peer.mode', 'echo', ['echo', 'silent'] as const),
        processingNs: integer(peer.processingNs, 'devices.ne2000.peer.processingNs', 0, 0, 1e12),
        mac: mac(peer.mac, 'devices.ne2000.peer.mac', [0x52, 0x54, 0x00, 0xfe, 0xed, 0x01]),
      },
    };
  }

  const ata = at('ata', ['base', 'controlPort', 'irq', 'image', 'sectorLatencyNs']);
  if (ata) {
    devices.ata = {
      ...base(ata, 'devices.ata', 'ata'),
      base: port(ata.base, 'devices.ata.base', 0x1f0, 8),
      controlPort: port(ata.controlPort, 'devices.ata.controlPort', 0x3f6, 1),
      irq: integer(ata.irq, 'devices.ata.irq', 14, 0, 15),
      sectorLatencyNs: integer(ata.sectorLatencyNs, 'devices.ata.sectorLatencyNs', 0, 0, 1e12),
      image: diskImage(ata.image, 'devices.ata.image'),
    };
  }

  const pci = at('pci', []);
  if (pci) devices.pci = base(pci, 'devices.pci', 'pci');

  const pm = at('pmTimer', ['port']);
  if (pm) devices.pmTimer = { ...base(pm, 'devices.pmTimer', 'pmTimer'), port: port(pm.port, 'devices.pmTimer.port', 0xb008, 4) };

  const rtc = at('rtc', ['irq', 'startTime', 'memoryKb']);
  if (rtc) {
    devices.rtc = {
      ...base(rtc, 'devices.rtc', 'rtc'),
      irq: integer(rtc.irq, 'devices.rtc.irq', 8, 0, 15),
      startTime: integer(rtc.startTime, 'devices.rtc.startTime', Date.UTC(2007, 7, 22, 12) / 1000, 0, 4102444799),
      memoryKb: integer(rtc.memoryKb, 'devices.rtc.memoryKb', 640, 0, 4 * 1024 * 1024),
    };
  }

  const post = at('post', ['port']);
  if (post) devices.post = { ...base(post, 'devices.post', 'post'), port: port(post.port, 'devices.post.port', 0x80, 1) };
  const dbg = at('debugcon', ['port']);
  if (dbg) devices.debugcon = { ...base(dbg, 'devices.debugcon', 'debugcon'), port: port(dbg.port, 'devices.debugcon.port', 0xe9, 1) };

  checkUnique(devices);
  return { cpuHz, unassignedLocation, devices };
}

function diskImage(value: unknown, field: string): NonNullable<ResolvedDevices['ata']>['image'] {
  if (value === undefined) return { kind: 'generated', sectors: 2048, seed: 0 };
  const kind = (value as Obj | null)?.kind;
  if (kind === 'bytes') {
    const obj = object(value, field, ['kind', 'data']);
    const data = obj.data;
    if (data instanceof Uint8Array) {
      if (data.length === 0) throw new PlatformConfigError(`${field}.data`, 'must not be empty');
      return { kind, data };
    }
    if (!Array.isArray(data) || data.length === 0 || !data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      throw new PlatformConfigError(`${field}.data`, 'must be a non-empty Uint8Array or array of bytes');
    }
    return { kind, data: Uint8Array.from(data as number[]) };
  }
  if (kind === 'generated') {
    const obj = object(value, field, ['kind', 'sectors', 'seed']);
    return {
      kind,
      sectors: integer(obj.sectors, `${field}.sectors`, 2048, 1, 0x0fffffff),
      seed: integer(obj.seed, `${field}.seed`, 0, 0, 0xffffffff),
    };
  }
  throw new PlatformConfigError(`${field}.kind`, 'must be "bytes" or "generated"');
}

function checkUnique(devices: ResolvedDevices): void {
  const names = new Map<string, string>();
  const irqs = new Map<number, string>();
  for (const [key, dev] of Object.entries(devices) as [string, { name: string; irq?: number }][]) {
    const other = names.get(dev.name);
    if (other) throw new PlatformConfigError(`devices.${key}.name`, `"${dev.name}" is also the name of devices.${other}`);
    names.set(dev.name, key);
    if (dev.irq === undefined) continue;
    if (dev.irq === 2) throw new PlatformConfigError(`devices.${key}.irq`, 'IRQ 2 is the cascade from the slave PIC');
    const user = irqs.get(dev.irq);
    if (user) throw new PlatformConfigError(`devices.${key}.irq`, `IRQ ${dev.irq} is already used by devices.${user}`);
    irqs.set(dev.irq, key);
  }
}
