import type { RequestHeaderMap } from '@streamfilter/core';

/** A CORS preflight: `OPTIONS` with `Access-Control-Request-Method` (which browsers send without credentials). */
export function isPreflight(headers: RequestHeaderMap): boolean {
  return headers.method === 'OPTIONS' && headers.has('access-control-request-method');
}
