import { randomBytes, scrypt, scryptSync } from 'node:crypto';
import { promisify } from 'node:util';
import { basicAuth, safeCompare } from '@streamfilter/filters';

// In memory: compare every field with safeCompare, then combine the results.
export const admin = basicAuth({
  authorizer(username, password) {
    const userMatches = safeCompare(username, 'admin');
    const passwordMatches = safeCompare(password, process.env.ADMIN_PASSWORD ?? 'change me');
    return userMatches && passwordMatches;
  },
  realm: (req) => `admin at ${req.headers.get('host') ?? 'this server'}`,
});

// Slow work (a key derivation, a lookup): return a promise; callbacks are not supported.
const derive = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  size: number,
) => Promise<Buffer>;
const salt = randomBytes(16);
const expected = scryptSync(process.env.DEPLOY_PASSWORD ?? 'change me too', salt, 32);

export const deploy = basicAuth({
  async authorizer(username, password, req) {
    const derived = await derive(password, salt, 32);
    const userMatches = safeCompare(username, 'deploy');
    const passwordMatches = safeCompare(derived, expected);
    return userMatches && passwordMatches && req.method === 'POST';
  },
});
