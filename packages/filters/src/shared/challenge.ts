import { configError, type LocalReplyHeaders } from '@streamfilter/core';
import type { AuthRequest } from './auth-request';

/** A realm computed per request, e.g. from the host or the path. */
export type RealmFunction = (request: AuthRequest) => string;

/** The challenge headers of a 401: fixed, computed per request, or none (`challenge: false`). */
export type Challenge =
  | LocalReplyHeaders
  | ((request: AuthRequest) => LocalReplyHeaders)
  | undefined;

// Header values may hold printable Latin-1 only; CR and LF would split the header.
const NOT_PRINTABLE = /[^\x20-\x7e\x80-\xff]/;
const REALM_RULE =
  'must be a string of printable Latin-1 characters (no CR, LF or other control characters)';

function isRealm(value: unknown): value is string {
  return typeof value === 'string' && !NOT_PRINTABLE.test(value);
}

/** Validates the `realm` option: a header-safe string, or a function of the request giving one. */
export function parseRealm(filter: string, realm: unknown): string | RealmFunction {
  if (realm === undefined) return 'Restricted';
  if (typeof realm === 'function') return realm as RealmFunction;
  if (!isRealm(realm)) {
    throw configError(filter, 'realm', `${REALM_RULE}, or a function of the request`, realm);
  }
  return realm;
}

/** The RFC 7617 challenge sent with every 401: `Basic realm="...", charset="UTF-8"`. */
export function basicChallenge(realm: string): string {
  const quoted = realm.replace(/["\\]/g, '\\$&');
  return `Basic realm="${quoted}", charset="UTF-8"`;
}

/** The `challenge` and `realm` options, made into what a 401 carries, computed once if it can be. */
export function parseChallenge(
  filter: string,
  challenge: unknown,
  parsed: string | RealmFunction,
): Challenge {
  if (challenge === false) return undefined;
  if (challenge !== undefined && challenge !== true) {
    throw configError(filter, 'challenge', 'must be true or false', challenge);
  }
  if (typeof parsed === 'string') return { 'www-authenticate': basicChallenge(parsed) };
  return function challengeFor(request) {
    const value = parsed(request);
    if (!isRealm(value)) {
      throw configError(filter, 'realm', REALM_RULE.replace('must be', 'must return'), value);
    }
    return { 'www-authenticate': basicChallenge(value) };
  };
}
