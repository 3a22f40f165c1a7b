import type { IncomingMessage } from 'node:http';
import { RequestHeaderMap } from '@streamfilter/core';
import type { Host } from './host';

/**
 * The request as filters see it: `req.headers` itself (edits write through) plus the request
 * line; `rawHeaders` lets `values()` report repeated lines Node joined or kept once.
 */
export function requestHeadersOf(
  req: IncomingMessage,
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

/**
 * Hands the method and path the filters left to the framework: through `host.rewrite` when it
 * has one and either changed (it may throw), else onto `req` itself, so a listener reads in
 * `req.url` the path the filters saw (the origin form of an absolute-form target too).
 */
export function applyRequestLine(
  req: IncomingMessage,
  host: Host,
  method: string,
  path: string,
  headers: RequestHeaderMap,
): void {
  if (host.rewrite) {
    if (headers.method !== method || headers.path !== path) {
      host.rewrite(headers.method, headers.path);
    }
    return;
  }
  if (req.method !== headers.method) req.method = headers.method;
  if (req.url !== headers.path) req.url = headers.path;
}
