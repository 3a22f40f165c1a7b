import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { HeaderRecord, ResponseHeaderMap } from '@streamfilter/core';

/** Node's outgoing headers (object or flat list) as a lower-case header record. */
export function lowerCased(headers: OutgoingHttpHeaders | readonly string[]): HeaderRecord {
  const record: HeaderRecord = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = String(headers[i]).toLowerCase();
      const value = String(headers[i + 1]);
      const current = record[name];
      record[name] = current === undefined ? value : ([] as string[]).concat(current, value);
    }
    return record;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    record[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return record;
}

/**
 * Puts the chain's response headers on `res`. For the application's response, headers the
 * filters deleted are removed; a local reply keeps what earlier middleware set (CORS, ...).
 */
export function writeHeaders(
  res: ServerResponse,
  headers: ResponseHeaderMap,
  removeMissing: boolean,
): void {
  if (removeMissing) {
    for (const name of res.getHeaderNames()) if (!headers.has(name)) res.removeHeader(name);
  }
  for (const name of headers.keys()) res.setHeader(name, headers.record[name] as string | string[]);
  res.statusCode = headers.status;
}
