// The access token of `serve --allow-remote`: random, printed once, and required on every
// request, from the x-exitscope-token header or the cookie the server sets when the printed URL
// (with ?token=) is first opened. Compared in constant time.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HTTP_TOKEN_COOKIE, HTTP_TOKEN_HEADER } from '../../shared/contract';

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The token a request carries (header first, then cookie), or null. */
export function requestToken(req: IncomingMessage): string | null {
  const h = req.headers[HTTP_TOKEN_HEADER];
  if (typeof h === 'string') return h;
  return cookie(req, HTTP_TOKEN_COOKIE);
}

export function tokenCookie(token: string): string {
  return `${HTTP_TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
