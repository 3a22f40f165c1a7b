import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string | Uint8Array): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Whether `a` and `b` are equal, in time that says nothing about where they differ or how long
 * the secret is: both are hashed (SHA-256), then the digests are compared with
 * `crypto.timingSafeEqual`. For `authorizer` functions: make every comparison before combining
 * them, so none is skipped.
 *
 * @example
 * basicAuth({
 *   authorizer(username, password) {
 *     const userMatches = safeCompare(username, 'admin');
 *     const passwordMatches = safeCompare(password, process.env.ADMIN_PASSWORD ?? '');
 *     return userMatches && passwordMatches;
 *   },
 * });
 */
export function safeCompare(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
