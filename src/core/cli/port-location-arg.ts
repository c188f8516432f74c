// Parses `--device PORT=kernel|userspace` (repeatable) for `exitscope reprice`: where the device
// model behind an I/O port ran, for imported traces that do not show it (no kvm_userspace_exit).
// PORT is hex (0x3f8) or decimal (1016). Names the bad entry. (`exitscope run` keys --device by
// device name instead: device-arg.ts.)
import { ExitScopeError } from '../errors';

export function parsePortLocations(items: readonly string[]): Map<number, 'kernel' | 'userspace'> {
  const out = new Map<number, 'kernel' | 'userspace'>();
  for (const item of items) {
    const [key, location, ...rest] = item.split('=');
    const port = key && /^(0x[0-9a-f]+|\d+)$/i.test(key) ? Number(key) : NaN;
    if (rest.length > 0 || !(port >= 0 && port <= 0xffff) || (location !== 'kernel' && location !== 'userspace')) {
      throw new ExitScopeError('ValidationError', `--device ${item}: expected PORT=kernel or PORT=userspace, PORT an I/O port (0x3f8 or 1016)`);
    }
    out.set(port, location);
  }
  return out;
}
