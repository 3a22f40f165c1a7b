import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChainableFilter, FilterManager } from '@streamfilter/core';
import { AuthStream } from './auth-stream';
import { type ForwardAuthOptions, parseForwardAuthOptions } from './options';
import { type OriginalRequest, originalRequest } from './original-request';

/** A `node:http` request listener that serves a filter chain as a proxy's auth endpoint. */
export type ForwardAuthListener = (req: IncomingMessage, res: ServerResponse) => void;

function badRequest(res: ServerResponse, message: string): void {
  res.writeHead(400, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(message),
  });
  res.end(message);
}

/**
 * Serves `filters` as the auth service of a proxy: nginx `auth_request`, Traefik `ForwardAuth`,
 * Envoy `ext_authz` (HTTP service). A request the chain lets through gets 200, with the request
 * headers the filters set or removed as response headers, for the proxy to copy onto the
 * request; a filter's reply is the answer, which the proxy passes to the client. Validated
 * now: a bad option throws `ERR_FILTER_CONFIG` or `ERR_INVALID_CHAIN` at startup.
 *
 * @example
 * const auth = forwardAuth(
 *   [remoteBasicAuth({ url: 'http://127.0.0.1:10000/check', identityHeader: 'x-authenticated-user' })],
 *   { trustForwardedHeaders: true, proxy: 'nginx' },
 * );
 * http.createServer(auth).listen(9000, '127.0.0.1');
 */
export function forwardAuth(
  filters: readonly ChainableFilter[],
  options?: ForwardAuthOptions,
): ForwardAuthListener {
  const { chain, trustForwardedHeaders, proxy } = parseForwardAuthOptions(filters, options);
  return function forwardAuthListener(req, res) {
    // No body is read here: node:http discards an unread body once the answer is sent.
    let original: OriginalRequest;
    try {
      original = originalRequest(req, trustForwardedHeaders);
    } catch (error) {
      chain.logger('warn', `forwardAuth: ${(error as Error).message}`);
      badRequest(res, 'invalid forwarded request line');
      return;
    }
    const stream = new AuthStream(req, res, original, proxy);
    stream.start(new FilterManager(chain, stream, stream), original.headers);
  };
}
