// Everything but printable ASCII, and '%' itself, so that decodeURIComponent is exact.
const NEEDS_ESCAPE = /[^\x20-\x24\x26-\x7e]/gu;
/** The same class, tested once: most names need no escape, and a test is cheaper than a replace. */
const ANY_TO_ESCAPE = /[^\x20-\x24\x26-\x7e]/u;

/**
 * The identity header's value for a username: the name itself when it is printable ASCII
 * without `%`; otherwise with `%` and each other character percent-encoded as UTF-8, so
 * `decodeURIComponent(value)` always gives the exact username back.
 */
export function identityValue(username: string): string {
  if (!ANY_TO_ESCAPE.test(username)) return username;
  return username.replace(NEEDS_ESCAPE, encodeURIComponent);
}
