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
 * has one (which may throw), else onto `req` itself. Nothing happens when neither changed.
 */
export function applyRequestLine(
  req: IncomingMessage,
  host: Host,
  method: string,
  path: string,
  headers: RequestHeaderMap,
): void {
  if (headers.method === method && headers.path === path) return;
  if (host.rewrite) {
    host.rewrite(headers.method, headers.path);
    return;
  }
  req.method = headers.method;
  req.url = headers.path;
}
