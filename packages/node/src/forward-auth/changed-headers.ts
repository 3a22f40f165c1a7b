import type { HeaderRecord } from '@streamfilter/core';

// Headers about this hop or this message's framing: never handed to the proxy to copy.
const NOT_FOR_THE_PROXY = new Set([
  'connection',
  'content-length',
  'host',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function same(a: string | string[] | undefined, b: string | string[] | undefined): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((value, i) => value === b[i]);
}

/**
 * The request headers the filters added, changed or removed, as response headers for the proxy
 * to copy onto the request: a removed header comes back with an empty value, which tells nginx
 * (`proxy_set_header` with an empty value sends nothing) and Traefik to drop what the client sent.
 */
export function changedHeaders(before: HeaderRecord, after: HeaderRecord): HeaderRecord {
  const changed: HeaderRecord = {};
  for (const name in after) {
    const value = after[name];
    if (value === undefined || same(value, before[name]) || NOT_FOR_THE_PROXY.has(name)) continue;
    changed[name] = value;
  }
  for (const name in before) {
    if (after[name] !== undefined || before[name] === undefined) continue;
    if (!NOT_FOR_THE_PROXY.has(name)) changed[name] = '';
  }
  return changed;
}
