import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A fresh secret per launch: 32 random bytes, URL-safe so it can sit in the page URL's fragment. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares a presented token with the launch's token in constant time. Both are hashed first so the
 * comparison takes the same time whatever the presented length (timingSafeEqual needs equal lengths).
 */
export function tokenMatches(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * DNS-rebinding defence: a page on evil.example whose name was re-pointed at 127.0.0.1 still sends
 * `Host: evil.example:<port>`, so only our own two spellings of the address are accepted.
 */
export function hostAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const host = headers.host?.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * Another site's page can make the browser send requests here (a form post, fetch in no-cors mode); the
 * browser then names that site in Origin. Requests without Origin (same-origin GETs, curl, the CLI) pass
 * this check and still need the token for /api.
 */
export function originAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  const lowered = origin.toLowerCase();
  return lowered === `http://127.0.0.1:${port}` || lowered === `http://localhost:${port}`;
}
