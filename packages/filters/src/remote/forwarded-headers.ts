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
    if (values.length > 0) out[name] = values.join(', ');
  }
  return out;
}
