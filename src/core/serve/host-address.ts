// Addresses for `exitscope serve`: whether a --host is loopback (only this machine can connect),
// how it is written in a URL and a Host header ([::1]:port for IPv6), and which Host headers a
// loopback server accepts (its own address and localhost, so a DNS-rebound name is refused).
import { isIP } from 'node:net';

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && mapped[1]!.startsWith('127.');
}

/** The host as written in a URL authority: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  const h = host.replace(/^\[|\]$/g, '');
  return isIP(h) === 6 ? `[${h}]` : h;
}

/** Host headers a loopback server answers to. */
export function loopbackHostHeaders(host: string, port: number): Set<string> {
  return new Set([`${urlHost(host)}:${port}`, `localhost:${port}`].map((h) => h.toLowerCase()));
}

/** The address a browser should open for a wildcard bind (0.0.0.0 / ::): this machine's loopback. */
export function displayHost(host: string): string {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === '0.0.0.0' || h === '') return '127.0.0.1';
  if (h === '::') return '[::1]';
  return urlHost(h);
}
