import type { HeaderMap, RequestHeaderMap } from '@streamfilter/core';

/** What an auth filter's callbacks (`authorizer`, `realm`, `unauthorizedResponse`) see of a request. */
export interface AuthRequest {
  /** The request headers, read-only; `Authorization` included. */
  readonly headers: Pick<HeaderMap, 'get' | 'values' | 'has'>;
  /** The request method, e.g. `GET`. */
  readonly method: string;
  /** The request path with its query, e.g. `/admin?x=1`. */
  readonly path: string;
}

/** The read-only view of a request handed to user callbacks. */
export function authRequest(headers: RequestHeaderMap): AuthRequest {
  return {
    headers: {
      get: (name) => headers.get(name),
      values: (name) => headers.values(name),
      has: (name) => headers.has(name),
    },
    method: headers.method,
    path: headers.path,
  };
}
