// Parses `--device KEY=kernel|userspace` (repeatable) for `exitscope run`: where a device model
// lives for the run (platform-config.ts DEFAULT_LOCATION is the default: what KVM keeps in the
// kernel, the rest in a userspace device model), naming the bad entry.
import type { DeviceLocation } from '../machine/device';
import { DEFAULT_LOCATION } from '../machine/platform-config';
import type { DeviceKey } from '../machine/platform-config';
import { ExitScopeError } from '../errors';

const DEVICE_KEYS = Object.keys(DEFAULT_LOCATION) as DeviceKey[];

export function parseDeviceLocations(items: readonly string[]): Partial<Record<DeviceKey, DeviceLocation>> {
  const out: Partial<Record<DeviceKey, DeviceLocation>> = {};
  for (const item of items) {
    const [key, location, ...rest] = item.split('=');
    if (rest.length > 0 || !DEVICE_KEYS.includes(key as DeviceKey) || (location !== 'kernel' && location !== 'userspace')) {
      throw new ExitScopeError('ValidationError', `--device ${item}: expected DEVICE=kernel or DEVICE=userspace, DEVICE one of ${DEVICE_KEYS.join(', ')}`);
    }
    out[key as DeviceKey] = location;
  }
  return out;
}
