import type { RequestHeaderMap } from '@streamfilter/core';

const NONE: Readonly<Record<string, string>> = Object.freeze({});

/** The allow-listed request headers to send along to the auth service. */
export function forwardedHeaders(
  headers: RequestHeaderMap,
  names: readonly string[],
): Readonly<Record<string, string>> {
  if (names.length === 0) return NONE;
  const out: Record<string, string> = {};
  for (const name of names) {
    const values = headers.values(name);
    // Several Cookie headers make one cookie-string (RFC 6265), joined with "; ", not ", ".
    if (values.length > 0) out[name] = values.join(name === 'cookie' ? '; ' : ', ');
  }
  return out;
}
