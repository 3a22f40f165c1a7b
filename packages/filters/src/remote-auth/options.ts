import type { AxiosInstance } from 'axios';
import type { RemoteProxyOptions } from '../remote/http-client';
import type { SharedCacheOptions } from '../remote/shared-cache-options';

/** The `cache` option of `remoteAuth`. */
export interface RemoteAuthCacheOptions extends SharedCacheOptions {
  /** The longest an allow decision is reused, in ms. `0` caches no allows. Default 60000. */
  allowTtlMs?: number;
  /** The longest a deny decision is reused, in ms. `0` caches no denials. Default 5000. */
  denyTtlMs?: number;
  /** The most decisions kept; the least recently used go first. Default 10000. */
  maxEntries?: number;
  /**
   * Let the service's `Cache-Control` shorten a decision's TTL: `s-maxage` / `max-age`, and
   * `no-store`, `no-cache` or `private` for "do not reuse". Default false.
   */
  fromCacheControl?: boolean;
}

/** How the original method and path reach the auth service. */
export type ForwardMethodAndPath =
  /** They don't (default): the check is the same for every route. */
  | false
  /** As `x-original-method` and `x-original-uri` headers on a `GET` (`POST` with a body). */
  | 'headers'
  /** As Envoy's ext_authz does: the original method, and the original path after the check URL's. */
  | 'path';

/** Options of `remoteAuth`; see the package README for every default. */
export interface RemoteAuthOptions {
  /** The check endpoint, e.g. `http://auth.internal:8080/check`. */
  url: string;
  /** Request headers sent to the service, e.g. `['authorization']`. Nothing else is sent. */
  allowedHeaders: readonly string[];
  /** Send the original method and path: `false` (default), `'headers'` or `'path'`. */
  forwardMethodAndPath?: ForwardMethodAndPath;
  /** Send the request body along (buffered; past `maxBodyBytes`: 413). Default false. */
  forwardBody?: boolean;
  /** The largest body sent along with `forwardBody`, in bytes. Default 8192. */
  maxBodyBytes?: number;
  /** Headers of the service's 2xx copied onto the request, e.g. `['x-user-id']`. Default []. */
  upstreamHeaders?: readonly string[];
  /** Headers of the service's denial passed to the client. Default `['www-authenticate', 'content-type']`. */
  clientHeaders?: readonly string[];
  /** A header of the service's 2xx naming the user, for the auth metadata. Default none. */
  userHeader?: string;
  /** Deadline for the whole auth call, in ms. Default 1000. */
  timeoutMs?: number;
  /** The most bytes read of the service's answer; more is auth-service trouble. Default 65536. */
  maxResponseBytes?: number;
  /** The status answered when the auth service is in trouble. Default 503. */
  failureStatus?: number;
  /** `Retry-After` (seconds) sent with `failureStatus`; `false` for none. Default 1. */
  retryAfterSeconds?: number | false;
  /** Let requests through (with `failOpenHeader`) when the auth service is in trouble. Default false. */
  failOpen?: boolean;
  /** The marker header set to `true` on fail-open requests. Default `x-auth-unavailable`. */
  failOpenHeader?: string;
  /** Let CORS preflights (`OPTIONS` with `Access-Control-Request-Method`) through unchecked. Default false. */
  allowPreflight?: boolean;
  /** Reuse decisions: `false` (default), `true` (default TTLs), or TTLs and a bound. */
  cache?: boolean | RemoteAuthCacheOptions;
  /** Your own axios instance (TLS). Default: one keep-alive instance per filter. */
  axios?: AxiosInstance;
  /** A forward proxy for the auth calls. Default `false`: `HTTP_PROXY` is ignored. */
  proxy?: false | RemoteProxyOptions;
}

/** Counters of a `remoteAuth` filter, per request. */
export interface RemoteAuthStats {
  /** Requests the service allowed. */
  allowed: number;
  /** Requests the service denied (and 413s of `forwardBody`). */
  denied: number;
  /** Requests that met auth-service trouble (refused, reset, timeout, 5xx, 3xx, oversized). */
  errors: number;
  /** Of those, requests let through because of `failOpen`. */
  failOpen: number;
  /** Checks answered by the cache, or by joining an identical check already in flight. */
  cacheHits: number;
  /** Checks that called the auth service (only counted with `cache` on). */
  cacheMisses: number;
  /** Of the cache hits, checks answered by the cache shared through Redis. */
  sharedHits: number;
  /** Checks that went without the shared cache: Redis down, slow or refusing. */
  sharedUnavailable: number;
}

export const REMOTE_AUTH_OPTION_NAMES: readonly (keyof RemoteAuthOptions)[] = [
  'url',
  'allowedHeaders',
  'forwardMethodAndPath',
  'forwardBody',
  'maxBodyBytes',
  'upstreamHeaders',
  'clientHeaders',
  'userHeader',
  'timeoutMs',
  'maxResponseBytes',
  'failureStatus',
  'retryAfterSeconds',
  'failOpen',
  'failOpenHeader',
  'allowPreflight',
  'cache',
  'axios',
  'proxy',
];
