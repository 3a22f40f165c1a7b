import { hasControlCharacter } from './control-characters';

/** What a request's `Authorization` header(s) hold, as far as Basic auth is concerned. */
export type ParsedAuthorization =
  | { kind: 'missing' }
  | { kind: 'invalid' }
  | { kind: 'basic'; username: string; password: string };

const MISSING: ParsedAuthorization = Object.freeze({ kind: 'missing' });
const INVALID: ParsedAuthorization = Object.freeze({ kind: 'invalid' });

// RFC 7617: `Basic` (any case), one or more spaces, then a base64 token68.
const BASIC = /^basic +([A-Za-z0-9+/]+=*) *$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const EQUALS = 61;

function withoutPadding(base64: string): string {
  let end = base64.length;
  while (end > 0 && base64.charCodeAt(end - 1) === EQUALS) end--;
  return end === base64.length ? base64 : base64.slice(0, end);
}

function decodeBase64(token: string): Buffer | undefined {
  const bytes = Buffer.from(token, 'base64');
  // Node's decoder skips junk silently: accept only tokens that round-trip exactly.
  return withoutPadding(bytes.toString('base64')) === withoutPadding(token) ? bytes : undefined;
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Reads Basic credentials from every received `Authorization` value. None (or an empty one) is
 * `missing`; several, another scheme, bad base64, bad UTF-8, no colon, or a control character is
 * `invalid`. The user-id ends at the first colon; the password may hold colons.
 */
export function parseAuthorization(values: readonly string[]): ParsedAuthorization {
  if (values.length === 0 || (values.length === 1 && values[0] === '')) return MISSING;
  if (values.length > 1) return INVALID;
  const match = BASIC.exec(values[0]!);
  if (match === null) return INVALID;
  const bytes = decodeBase64(match[1]!);
  if (bytes === undefined) return INVALID;
  const decoded = decodeUtf8(bytes);
  // RFC 7617 forbids control characters in the user-id and the password.
  if (decoded === undefined || hasControlCharacter(decoded)) return INVALID;
  const colon = decoded.indexOf(':');
  if (colon < 0) return INVALID;
  return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
