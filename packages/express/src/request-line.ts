import { RequestHeaderMap, StreamFilterError } from '@streamfilter/core';
import type { ExpressRequest } from './types';

/**
 * The request as filters see it: `req.headers` itself (edits write through) plus the request
 * line; `rawHeaders` lets `values()` report repeated lines Node joined or kept once.
 */
export function requestHeadersOf(
  req: ExpressRequest,
  method: string,
  path: string,
): RequestHeaderMap {
  const socket = req.socket as { encrypted?: boolean } | undefined;
  return new RequestHeaderMap(
    req.headers,
    { method, path, scheme: socket?.encrypted ? 'https' : 'http' },
    req.rawHeaders,
  );
}

/** The path the client asked for, whatever router this chain is mounted on. */
export function fullPath(req: ExpressRequest): string {
  return (req.baseUrl ?? '') + (req.url ?? '/');
}

/**
 * Makes Express route on the method and path the filters left. Throws when a filter moved the
 * path outside the router the chain is mounted on, where Express cannot follow.
 */
export function applyRequestLine(
  req: ExpressRequest,
  headers: RequestHeaderMap,
  path: string,
): void {
  if (headers.method !== req.method) req.method = headers.method;
  if (headers.path === path) return;
  const base = req.baseUrl ?? '';
  if (
    base !== '' &&
    !(
      headers.path === base ||
      headers.path.startsWith(`${base}/`) ||
      headers.path.startsWith(`${base}?`)
    )
  ) {
    throw new StreamFilterError(
      'ERR_INVALID_HEADER',
      `setPath: ${JSON.stringify(headers.path)} is outside the mount path ${JSON.stringify(base)} of this filter chain; mount the chain higher (e.g. app.use) to rewrite across routers`,
    );
  }
  const rest = headers.path.slice(base.length);
  req.url = rest.startsWith('/') ? rest : `/${rest}`;
  refreshExpress4Query(req);
}

/** Express 5 parses `req.query` on access; Express 4 parsed it once, before the chain. */
function refreshExpress4Query(req: ExpressRequest): void {
  const descriptor = Object.getOwnPropertyDescriptor(req, 'query');
  const parse = req.app?.get('query parser fn');
  if (descriptor === undefined || !('value' in descriptor) || typeof parse !== 'function') return;
  const url = req.url ?? '';
  const at = url.indexOf('?');
  req.query = parse(at === -1 ? '' : url.slice(at + 1));
}
