import { configError } from '@streamfilter/core';

// Header values may hold printable Latin-1 only; CR and LF would split the header.
const NOT_PRINTABLE = /[^\x20-\x7e\x80-\xff]/;

/** Validates the `realm` option: a string Node can put in a header, no CR, LF or other controls. */
export function parseRealm(filter: string, realm: unknown): string {
  if (realm === undefined) return 'Restricted';
  if (typeof realm !== 'string' || NOT_PRINTABLE.test(realm)) {
    throw configError(
      filter,
      'realm',
      'must be a string of printable Latin-1 characters (no CR, LF or other control characters)',
      realm,
    );
  }
  return realm;
}

/** The RFC 7617 challenge sent with every 401: `Basic realm="...", charset="UTF-8"`. */
export function basicChallenge(realm: string): string {
  const quoted = realm.replace(/["\\]/g, '\\$&');
  return `Basic realm="${quoted}", charset="UTF-8"`;
}
