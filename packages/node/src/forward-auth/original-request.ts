import type { IncomingMessage } from 'node:http';
import { type HeaderRecord, RequestHeaderMap } from '@streamfilter/core';

/** The request the filters judge: what the client sent to the proxy, or the auth request. */
export interface OriginalRequest {
  headers: RequestHeaderMap;
  /** The client's address from `X-Forwarded-For` (trusted); else the socket's peer is asked. */
  forwardedFor: string | undefined;
}

function single(record: HeaderRecord, name: string): string | undefined {
  const value = record[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The last address of `X-Forwarded-For`: the one the proxy itself saw, which no client chose. */
function lastForwardedFor(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const last = value.slice(value.lastIndexOf(',') + 1).trim();
  return last === '' ? undefined : last;
}

/**
 * The request line, headers and peer the filters see. Untrusted: the auth request as it
 * arrived. Trusted: rebuilt from nginx's `X-Original-Method`/`X-Original-URI` or Traefik's
 * `X-Forwarded-Method/-Uri/-Host/-Proto/-For`, falling back to the auth request's own line (as
 * Envoy's ext_authz sends it). Throws `ERR_INVALID_HEADER` for a method or path that is not one.
 */
export function originalRequest(req: IncomingMessage, trusted: boolean): OriginalRequest {
  const record = req.headers as HeaderRecord;
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  let scheme = encrypted ? 'https' : 'http';
  let forwardedFor: string | undefined;
  if (trusted) {
    const proto = single(record, 'x-forwarded-proto');
    if (proto === 'http' || proto === 'https') scheme = proto;
    const host = single(record, 'x-forwarded-host');
    if (host !== undefined) record.host = host;
    forwardedFor = lastForwardedFor(single(record, 'x-forwarded-for'));
  }
  const line = { method: req.method ?? 'GET', path: req.url ?? '/', scheme };
  const headers = new RequestHeaderMap(record, line, req.rawHeaders);
  if (trusted) {
    const method = single(record, 'x-original-method') ?? single(record, 'x-forwarded-method');
    const path = single(record, 'x-original-uri') ?? single(record, 'x-forwarded-uri');
    if (method !== undefined) headers.setMethod(method);
    if (path !== undefined) headers.setPath(path);
  }
  return { headers, forwardedFor };
}
