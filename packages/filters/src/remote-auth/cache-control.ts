const DIRECTIVE = /^\s*([a-z-]+)\s*(?:=\s*"?(\d+)"?)?\s*$/i;

/**
 * How long a shared cache may reuse an answer, from its `Cache-Control` (RFC 9111): `0` for
 * `no-store`, `no-cache` or `private`; else `s-maxage`, else `max-age`, in ms; `undefined` when
 * the header says nothing about it. Our cache is shared by every client of the process, so
 * `private` answers are not reused.
 */
export function cacheControlTtlMs(value: unknown): number | undefined {
  const header = Array.isArray(value) ? value.join(',') : value;
  if (typeof header !== 'string') return undefined;
  let maxAge: number | undefined;
  let sMaxAge: number | undefined;
  for (const part of header.split(',')) {
    const match = DIRECTIVE.exec(part);
    if (match === null) continue;
    const name = match[1]!.toLowerCase();
    const seconds = match[2] === undefined ? undefined : Number(match[2]);
    if (name === 'no-store' || name === 'no-cache' || name === 'private') return 0;
    if (name === 'max-age' && seconds !== undefined) maxAge = seconds;
    if (name === 's-maxage' && seconds !== undefined) sMaxAge = seconds;
  }
  const seconds = sMaxAge ?? maxAge;
  return seconds === undefined ? undefined : seconds * 1000;
}
