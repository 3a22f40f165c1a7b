import * as crypto from 'node:crypto';

// One call where Node has `crypto.hash` (20.12+): no Hash object per digest.
const oneShot = typeof crypto.hash === 'function';

/** The SHA-256 digest of `data` (UTF-8). */
export function sha256(data: string): Buffer {
  // As latin1 ('binary') text copied into Node's buffer pool: half the cost of crypto's Buffer.
  return oneShot
    ? Buffer.from(crypto.hash('sha256', data, 'binary'), 'binary')
    : crypto.createHash('sha256').update(data).digest();
}

/** The SHA-256 digest of `data` (UTF-8), in base64url. */
export function sha256Text(data: string): string {
  return oneShot
    ? crypto.hash('sha256', data, 'base64url')
    : crypto.createHash('sha256').update(data).digest('base64url');
}
