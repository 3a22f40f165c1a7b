import type { HeaderMap, HeaderRecord } from '@streamfilter/core';

/**
 * A Fetch `Headers` as a header record. Fetch joins repeated lines with ", ", except
 * `set-cookie`, whose lines stay apart (`getSetCookie()`), as a list.
 */
export function recordOf(headers: Headers): HeaderRecord {
  const record: HeaderRecord = {};
  let cookies = false;
  headers.forEach((value, name) => {
    if (name === 'set-cookie') cookies = true;
    else record[name] = value;
  });
  if (cookies) record['set-cookie'] = headers.getSetCookie();
  return record;
}

/**
 * The record a Fetch `Headers` would hold for header lines as received (`[name, value, ...]`,
 * Node's `rawHeaders`): names lower-cased, repeated lines joined with ", ", `set-cookie` lines
 * apart, HTTP/2 pseudo-headers (`:path`, ...) left out.
 */
export function recordOfLines(lines: readonly string[]): HeaderRecord {
  const record: HeaderRecord = {};
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const name = lines[i]!.toLowerCase();
    if (name.startsWith(':')) continue;
    const value = lines[i + 1]!;
    const current = record[name];
    if (name === 'set-cookie') record[name] = [...((current as string[] | undefined) ?? []), value];
    else record[name] = current === undefined ? value : `${current}, ${value}`;
  }
  return record;
}

/** Framing is the host's business in Fetch: a stated transfer-encoding is left to it. */
const HOST_FRAMED = 'transfer-encoding';

/** A header map as a Fetch `Headers`, each value of a list on a line of its own. */
export function headersOf(map: HeaderMap): Headers {
  const headers = new Headers();
  const record = map.record;
  for (const name in record) {
    const value = record[name];
    if (value === undefined || name === HOST_FRAMED) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const v of value) headers.append(name, v);
  }
  return headers;
}

/** A copy of `record` to compare with later: lists copied, as `add` extends them in place. */
export function snapshotOf(record: HeaderRecord): HeaderRecord {
  const copy: HeaderRecord = {};
  for (const name in record) {
    const value = record[name];
    copy[name] = Array.isArray(value) ? value.slice() : value;
  }
  return copy;
}

/** Whether `record` still holds exactly what `snapshot` held. */
export function sameRecord(record: HeaderRecord, snapshot: HeaderRecord): boolean {
  let names = 0;
  for (const name in record) {
    const value = record[name];
    if (value === undefined) continue;
    names++;
    const before = snapshot[name];
    if (value === before) continue;
    if (!Array.isArray(value) || !Array.isArray(before) || value.length !== before.length) {
      return false;
    }
    for (let i = 0; i < value.length; i++) if (value[i] !== before[i]) return false;
  }
  let before = 0;
  for (const name in snapshot) if (snapshot[name] !== undefined) before++;
  return names === before;
}

/** Statuses whose response has no body: a Fetch `Response` refuses one. */
export function nullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}
